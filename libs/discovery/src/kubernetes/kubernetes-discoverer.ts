import { readFileSync } from 'node:fs';
import type { Discoverer, DiscoveryOptions } from '../discoverer';
import type { HttpClientConfig } from '../internal/http-client-config';
import type { TargetGroup } from '../target-group';
import { buildEndpointSliceGroup, endpointSliceSource, SERVICE_NAME_LABEL } from './endpointslice-role';
import { buildEndpointsGroup, endpointsSource } from './endpoints-role';
import { buildIngressGroup, ingressSource } from './ingress-role';
import { ChangeType, Informer } from './informer';
import { loadKubeconfig } from './kubeconfig';
import type { EndpointSlice, Endpoints, Ingress, KubeObject, Node, Pod, Service } from './kube-types';
import type { KubeRole, KubernetesSdConfig } from './kubernetes-sd-config';
import { buildNodeGroup, nodeSource } from './node-role';
import { objectMetaLabels } from './meta-labels';
import { NODE_METADATA_ROLES, withNodeMetadata } from './node-metadata';
import { buildPodGroup, podSource } from './pod-role';
import { buildServiceGroup, serviceSource } from './service-role';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

type Resource = 'pods' | 'services' | 'endpoints' | 'endpointslices' | 'nodes' | 'ingresses' | 'namespaces';
const API_PATHS: Record<Resource, string> = {
  namespaces: '/api/v1',
  pods: '/api/v1',
  services: '/api/v1',
  endpoints: '/api/v1',
  endpointslices: '/apis/discovery.k8s.io/v1',
  nodes: '/api/v1',
  ingresses: '/apis/networking.k8s.io/v1',
};
// Namespaces (read for attach_metadata.namespace) take no selector.
const SELECTOR_ROLE: Partial<Record<Resource, KubeRole>> = {
  pods: 'pod',
  services: 'service',
  endpoints: 'endpoints',
  endpointslices: 'endpointslice',
  nodes: 'node',
  ingresses: 'ingress',
};
// The collection a role builds targets from, and the ones it only reads to enrich them.
const ROLE_RESOURCES: Record<KubeRole, { main: Resource; extra: Resource[] }> = {
  pod: { main: 'pods', extra: [] },
  service: { main: 'services', extra: [] },
  endpoints: { main: 'endpoints', extra: ['services', 'pods'] },
  endpointslice: { main: 'endpointslices', extra: ['services', 'pods'] },
  node: { main: 'nodes', extra: [] },
  ingress: { main: 'ingresses', extra: [] },
};

/** Where to reach the API server and how to authenticate; in-cluster when no api_server is set. */
interface Connection {
  baseUrl: string;
  client: HttpClientConfig;
  ownNamespace: string | null;
}

function connect(config: KubernetesSdConfig): Connection {
  if (config.apiServer) return { baseUrl: config.apiServer, client: config.client, ownNamespace: null };
  if (config.kubeconfigFile) return { ...loadKubeconfig(config.kubeconfigFile), ownNamespace: null };
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new Error('unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    baseUrl: `https://${hostPart}:${port}`,
    client: {
      ...config.client,
      authorization: { type: 'Bearer', credentials: null, credentialsFile: `${SERVICE_ACCOUNT_DIR}/token` },
      tls: { ...config.client.tls, caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt` },
    },
    ownNamespace: config.namespaces.ownNamespace ? readFileSync(`${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim() : null,
  };
}

/**
 * `kubernetes_sd_configs`: list + watch the role's collection (and, for the endpoints roles,
 * services and pods) in every configured namespace, and send the changed object's group on
 * every event. A deleted object sends an empty group, which removes its targets.
 */
export class KubernetesDiscoverer implements Discoverer {
  private readonly informers = new Map<Resource, Informer[]>();
  private onGroups: (groups: TargetGroup[]) => void = () => {};
  private ready = false;

  constructor(
    private readonly config: KubernetesSdConfig,
    private readonly options: DiscoveryOptions,
  ) {}

  async start(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    this.onGroups = onGroups;
    let conn: Connection;
    try {
      conn = connect(this.config);
    } catch (err) {
      this.options.onError?.('kubernetes_sd_configs', err as Error);
      return;
    }
    const namespaces = conn.ownNamespace ? [conn.ownNamespace, ...this.config.namespaces.names] : this.config.namespaces.names;
    const { main } = ROLE_RESOURCES[this.config.role];
    const extra = this.extraResources();
    for (const resource of [main, ...extra]) {
      const selector = this.config.selectors.find((s) => s.role === SELECTOR_ROLE[resource]);
      const clusterScoped = resource === 'nodes' || resource === 'namespaces';
      const scopes = clusterScoped || namespaces.length === 0 ? [null] : [...new Set(namespaces)];
      this.informers.set(
        resource,
        scopes.map(
          (ns) =>
            new Informer({
              baseUrl: conn.baseUrl,
              path: `${API_PATHS[resource]}${ns ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${resource}`,
              labelSelector: selector?.label,
              fieldSelector: selector?.field,
              client: conn.client,
              maxBodyBytes: this.options.maxResponseBytes,
              onChange: (type, obj) => this.changed(resource, type, obj),
              onError: (err) => this.options.onError?.('kubernetes_sd_configs', err),
            }),
        ),
      );
    }
    // Enrichment caches first, so the first groups already carry service and pod labels.
    for (const resource of extra) await Promise.all(this.informers.get(resource)!.map((i) => i.start()));
    await Promise.all(this.informers.get(main)!.map((i) => i.start()));
    this.ready = true;
    const all = this.objects(main).map((obj) => this.build(obj));
    if (all.length) onGroups(all);
  }

  async stop(): Promise<void> {
    for (const list of this.informers.values()) for (const informer of list) informer.stop();
  }

  private objects<T extends KubeObject>(resource: Resource): T[] {
    return (this.informers.get(resource) ?? []).flatMap((i) => [...i.store.values()]) as T[];
  }

  private lookup<T extends KubeObject>(resource: Resource, namespace: string | undefined, name: string): T | undefined {
    const key = namespace ? `${namespace}/${name}` : name;
    for (const informer of this.informers.get(resource) ?? []) {
      const obj = informer.store.get(key);
      if (obj) return obj as T;
    }
    return undefined;
  }

  private podsByKey(): Map<string, Pod> {
    return new Map(this.objects<Pod>('pods').map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  }

  /** The collections read only to enrich targets: services and pods, and nodes for attach_metadata.node. */
  private extraResources(): Resource[] {
    const { extra } = ROLE_RESOURCES[this.config.role];
    return [...extra, ...(this.attachesNodes() ? (['nodes'] as const) : []), ...(this.attachesNamespaces() ? (['namespaces'] as const) : [])];
  }

  /** Every namespaced role can carry its namespace's metadata. */
  private attachesNamespaces(): boolean {
    return this.config.attachMetadata.namespace && this.config.role !== 'node';
  }

  /** Prometheus attaches node metadata to the pod and endpoints roles only. */
  private attachesNodes(): boolean {
    return this.config.attachMetadata.node && NODE_METADATA_ROLES.includes(this.config.role);
  }

  private build(obj: KubeObject): TargetGroup {
    let group = this.buildRole(obj);
    if (this.attachesNodes()) group = withNodeMetadata(group, this.config.role, obj, (name) => this.lookup<Node>('nodes', undefined, name));
    if (this.attachesNamespaces()) {
      const namespace = obj.metadata.namespace ? this.lookup<KubeObject>('namespaces', undefined, obj.metadata.namespace) : undefined;
      // Only a group with targets carries labels: an empty group must stay empty to remove them.
      if (namespace && group.targets.length > 0) group = { ...group, labels: { ...group.labels, ...objectMetaLabels('namespace', namespace) } };
    }
    return group;
  }

  private buildRole(obj: KubeObject): TargetGroup {
    switch (this.config.role) {
      case 'pod':
        return buildPodGroup(obj as Pod);
      case 'service':
        return buildServiceGroup(obj as Service);
      case 'node':
        return buildNodeGroup(obj as Node);
      case 'ingress':
        return buildIngressGroup(obj as Ingress);
      case 'endpoints': {
        const svc = this.lookup<Service>('services', obj.metadata.namespace, obj.metadata.name);
        return buildEndpointsGroup(obj as Endpoints, svc, this.podsByKey());
      }
      case 'endpointslice': {
        const svcName = obj.metadata.labels?.[SERVICE_NAME_LABEL];
        const svc = svcName ? this.lookup<Service>('services', obj.metadata.namespace, svcName) : undefined;
        return buildEndpointSliceGroup(obj as EndpointSlice, svc, this.podsByKey());
      }
    }
  }

  private sourceOf(obj: KubeObject): string {
    const sources: Record<KubeRole, (o: never) => string> = {
      pod: podSource,
      service: serviceSource,
      endpoints: endpointsSource,
      endpointslice: endpointSliceSource,
      node: nodeSource,
      ingress: ingressSource,
    };
    return sources[this.config.role](obj as never);
  }

  private changed(resource: Resource, type: ChangeType, obj: KubeObject): void {
    if (!this.ready) return; // the first full set is sent once every initial list is in
    const { main } = ROLE_RESOURCES[this.config.role];
    if (resource === main) {
      this.onGroups([type === 'DELETED' ? { source: this.sourceOf(obj), targets: [], labels: {} } : this.build(obj)]);
      return;
    }
    if (resource === 'namespaces') {
      const affected = this.objects(main).filter((o) => o.metadata.namespace === obj.metadata.name);
      if (affected.length) this.onGroups(affected.map((o) => this.build(o)));
      return;
    }
    if (resource === 'nodes') {
      // A node's labels changed: resend what carries them (pods on it; every endpoints object).
      const affected = this.objects(main).filter((o) => main !== 'pods' || (o as Pod).spec?.nodeName === obj.metadata.name);
      if (affected.length) this.onGroups(affected.map((o) => this.build(o)));
      return;
    }
    // A service or pod changed: rebuild the endpoints objects of its namespace that may use it.
    const affected = this.objects(main).filter((ep) => ep.metadata.namespace === obj.metadata.namespace);
    if (affected.length) this.onGroups(affected.map((ep) => this.build(ep)));
  }
}
