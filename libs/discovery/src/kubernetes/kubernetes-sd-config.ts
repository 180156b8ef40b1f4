import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

export const KUBE_ROLES = ['pod', 'service', 'endpoints', 'endpointslice', 'node', 'ingress'] as const;
export type KubeRole = (typeof KUBE_ROLES)[number];

/** One `kubernetes_sd_configs` entry. */
export interface KubernetesSdConfig {
  /** null (and no kubeconfig): in-cluster configuration from the service-account files and environment. */
  apiServer: string | null;
  /** The kubeconfig whose current context names the API server and credentials. */
  kubeconfigFile: string | null;
  /** `attach_metadata.node`: pod and endpoints targets carry their node's labels. */
  attachMetadata: { node: boolean; namespace: boolean };
  role: KubeRole;
  namespaces: { ownNamespace: boolean; names: string[] };
  selectors: Array<{ role: KubeRole; label: string; field: string }>;
  client: HttpClientConfig;
}

const KEYS = ['api_server', 'role', 'kubeconfig_file', 'namespaces', 'selectors', 'attach_metadata', ...HTTP_CLIENT_KEYS];
// Which resources' selectors each role may set (the resources its informers list).
const SELECTOR_ROLES: Record<KubeRole, KubeRole[]> = {
  pod: ['pod', 'node'],
  service: ['service'],
  endpoints: ['pod', 'service', 'endpoints'],
  endpointslice: ['pod', 'service', 'endpointslice'],
  node: ['node'],
  ingress: ['ingress'],
};

export function parseKubernetesSdConfig(raw: unknown, baseDir: string): KubernetesSdConfig {
  const r = ConfigReader.of(raw, 'kubernetes.SDConfig', KEYS);
  const roleText = r.string('role');
  if (roleText === '') throw new ConfigPathError(['role'], `role missing (one of: ${KUBE_ROLES.join(', ')})`);
  if (!KUBE_ROLES.includes(roleText as KubeRole)) throw new ConfigPathError(['role'], `unknown Kubernetes SD role ${JSON.stringify(roleText)}`);
  const role = roleText as KubeRole;
  const kubeconfigText = r.string('kubeconfig_file');
  const kubeconfigFile = kubeconfigText === '' ? null : isAbsolute(kubeconfigText) ? kubeconfigText : resolve(baseDir, kubeconfigText);
  const apiServer = r.string('api_server') || null;
  if (apiServer) {
    let url: URL;
    try {
      url = new URL(apiServer);
    } catch {
      throw new ConfigPathError(['api_server'], `parse ${JSON.stringify(apiServer)}: invalid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigPathError(['api_server'], "api_server scheme must be 'http' or 'https'");
  }
  const customClient = HTTP_CLIENT_KEYS.some((k) => r.has(k));
  if (apiServer && kubeconfigFile) throw new ConfigPathError(['kubeconfig_file'], "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
  if (kubeconfigFile && customClient) throw new ConfigPathError(['kubeconfig_file'], "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
  if (!apiServer && customClient) {
    throw new ConfigPathError([], "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
  }
  const namespaces = r.nested('namespaces', 'kubernetes.NamespaceDiscovery', ['own_namespace', 'names'], (n) => ({
    ownNamespace: n.bool('own_namespace', false),
    names: n.stringList('names'),
  }));
  if (apiServer && namespaces.ownNamespace) throw new ConfigPathError(['namespaces', 'own_namespace'], "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
  if (kubeconfigFile && namespaces.ownNamespace) throw new ConfigPathError(['namespaces', 'own_namespace'], "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
  const attachMetadata = r.nested('attach_metadata', 'kubernetes.AttachMetadataConfig', ['node', 'namespace', 'deployment', 'job', 'cronjob'], (a) => {
    for (const key of ['deployment', 'job', 'cronjob']) {
      if (a.bool(key, false)) throw new ConfigPathError([key], `attach_metadata.${key} is not supported`);
    }
    return { node: a.bool('node', false), namespace: a.bool('namespace', false) };
  });
  const seen = new Set<string>();
  const selectors = r.list('selectors', (item) => {
    const s = ConfigReader.of(item, 'kubernetes.SelectorConfig', ['role', 'label', 'field']);
    const selectorRole = s.string('role') as KubeRole;
    if (!KUBE_ROLES.includes(selectorRole)) throw new ConfigPathError(['role'], `unknown Kubernetes SD role ${JSON.stringify(selectorRole)}`);
    if (seen.has(selectorRole)) throw new ConfigPathError(['role'], `duplicated selector role: ${selectorRole}`);
    seen.add(selectorRole);
    const allowed = SELECTOR_ROLES[role];
    if (!allowed.includes(selectorRole)) throw new ConfigPathError(['role'], `${role} role supports only ${allowed.join(', ')} selectors`);
    return { role: selectorRole, label: s.string('label'), field: s.string('field') };
  });
  return { apiServer, kubeconfigFile, attachMetadata, role, namespaces, selectors, client: parseHttpClientConfig(r, baseDir) };
}
