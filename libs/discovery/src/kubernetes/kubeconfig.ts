import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_HTTP_CLIENT, HttpClientConfig } from '../internal/http-client-config';

/** What a kubeconfig's current context says about reaching the API server. */
export interface KubeconfigConnection {
  baseUrl: string;
  client: HttpClientConfig;
}

interface Named<T> {
  name: string;
  [key: string]: unknown;
  cluster?: T;
  user?: T;
  context?: T;
}

/**
 * Reads `kubeconfig_file` the way client-go's BuildConfigFromFlags does for Prometheus: the
 * current context's cluster (`server`, `certificate-authority[-data]`, `tls-server-name`,
 * `insecure-skip-tls-verify`) and user (`token`, `tokenFile`, `client-certificate[-data]` +
 * `client-key[-data]`, `username` + `password`). Relative paths are relative to the kubeconfig.
 * Users that need a plugin (`exec`, `auth-provider`) are refused: nothing runs commands here.
 */
export function loadKubeconfig(path: string): KubeconfigConnection {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`kubeconfig ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const dir = dirname(path);
  const file = (p: unknown) => (typeof p === 'string' && p !== '' ? (isAbsolute(p) ? p : resolve(dir, p)) : null);
  const pem = (data: unknown) => (typeof data === 'string' && data !== '' ? Buffer.from(data, 'base64').toString('utf8') : undefined);
  const current = doc['current-context'];
  if (typeof current !== 'string' || current === '') throw new Error(`kubeconfig ${path}: no current-context`);
  const context = find<{ cluster?: string; user?: string }>(doc.contexts, current, 'context', path);
  const cluster = find<Record<string, unknown>>(doc.clusters, context.cluster ?? '', 'cluster', path);
  const user = context.user ? find<Record<string, unknown>>(doc.users, context.user, 'user', path) : {};
  if (typeof cluster.server !== 'string' || cluster.server === '') throw new Error(`kubeconfig ${path}: cluster ${context.cluster} has no server`);
  if (user.exec || user['auth-provider']) throw new Error(`kubeconfig ${path}: user ${context.user} needs a credential plugin (exec or auth-provider), which is not supported`);

  const client: HttpClientConfig = {
    ...DEFAULT_HTTP_CLIENT,
    tls: {
      caFile: file(cluster['certificate-authority']),
      certFile: file(user['client-certificate']),
      keyFile: file(user['client-key']),
      serverName: typeof cluster['tls-server-name'] === 'string' ? cluster['tls-server-name'] : null,
      insecureSkipVerify: cluster['insecure-skip-tls-verify'] === true,
      caPem: pem(cluster['certificate-authority-data']),
      certPem: pem(user['client-certificate-data']),
      keyPem: pem(user['client-key-data']),
    },
  };
  if (typeof user.token === 'string' && user.token !== '') client.authorization = { type: 'Bearer', credentials: user.token, credentialsFile: null };
  else if (file(user.tokenFile)) client.authorization = { type: 'Bearer', credentials: null, credentialsFile: file(user.tokenFile) };
  else if (typeof user.username === 'string' && user.username !== '')
    client.basicAuth = { username: user.username, password: typeof user.password === 'string' ? user.password : '', passwordFile: null };
  return { baseUrl: cluster.server.replace(/\/+$/, ''), client };
}

/** The entry `name` of a kubeconfig list (`contexts`, `clusters`, `users`), unwrapped. */
function find<T>(list: unknown, name: string, kind: 'context' | 'cluster' | 'user', path: string): T {
  const entry = (Array.isArray(list) ? (list as Array<Named<T>>) : []).find((e) => e?.name === name);
  const value = entry?.[kind];
  if (!value) throw new Error(`kubeconfig ${path}: ${kind} ${JSON.stringify(name)} not found`);
  return value as T;
}
