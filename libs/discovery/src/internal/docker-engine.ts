import { ConfigPathError } from '@periskop/common';
import { sanitizeLabelName } from '../label-names';
import type { Labels } from '../target-group';
import type { HttpClientConfig } from './http-client-config';
import { httpGet } from './http-request';
import { providerJson } from './provider-http';

/**
 * A small client for the Docker Engine API shared by docker_sd and dockerswarm_sd: the daemon
 * address (`unix:///var/run/docker.sock`, `tcp://host:2375`, `http(s)://…`), API version
 * negotiation through `/_ping` as Docker's own client does, and JSON GETs.
 */
export interface DockerEngine {
  get<T>(path: string, query: Record<string, string>, signal: AbortSignal): Promise<T>;
}

/** Validates `host` as Prometheus does: required and a URL. */
export function parseDockerHost(host: string): URL {
  if (host === '') throw new ConfigPathError(['host'], 'host missing');
  try {
    return new URL(host);
  } catch {
    throw new ConfigPathError(['host'], `parse ${JSON.stringify(host)}: invalid URL`);
  }
}

export function dockerEngine(host: string, client: HttpClientConfig, timeoutMs: number, maxBodyBytes: number | undefined): DockerEngine {
  const url = new URL(host);
  const socketPath = url.protocol === 'unix:' ? url.pathname : undefined;
  // Over a socket the host part is irrelevant; tcp:// is plain HTTP to the daemon.
  const base = socketPath ? 'http://docker' : `${url.protocol === 'https:' ? 'https' : 'http'}://${url.host}${url.pathname.replace(/\/$/, '')}`;
  // HTTP client options (auth, TLS) apply only when talking HTTP(S), as in Prometheus.
  const http = url.protocol === 'http:' || url.protocol === 'https:' ? client : undefined;
  let version: string | null = null;
  const request = (signal: AbortSignal) => ({ client: http, timeoutMs, signal, socketPath, maxBodyBytes });
  return {
    async get<T>(path: string, query: Record<string, string>, signal: AbortSignal): Promise<T> {
      if (version === null) {
        // An old daemon without /_ping gets unversioned paths.
        const ping = await httpGet(`${base}/_ping`, request(signal)).catch(() => null);
        const header = ping?.status === 200 ? ping.headers['api-version'] : undefined;
        version = typeof header === 'string' && /^\d+\.\d+$/.test(header) ? `/v${header}` : '';
      }
      const qs = new URLSearchParams(query).toString();
      return (await providerJson<T>(`${base}${version}${path}${qs ? `?${qs}` : ''}`, request(signal), `docker ${path}`)).json;
    },
  };
}

/** A network as `GET /networks` lists it. */
export interface DockerNetwork {
  Id: string;
  Name: string;
  Scope: string;
  Internal: boolean;
  Ingress: boolean;
  Labels: Record<string, string> | null;
}

/** `<prefix>network_id`, `_name`, `_scope`, `_internal`, `_ingress`, `_label_<name>` by network ID. */
export async function networkLabels(engine: DockerEngine, prefix: string, signal: AbortSignal): Promise<Map<string, Labels>> {
  const networks = await engine.get<DockerNetwork[]>('/networks', {}, signal);
  const out = new Map<string, Labels>();
  for (const n of networks ?? []) {
    const labels: Labels = {
      [`${prefix}network_id`]: n.Id,
      [`${prefix}network_name`]: n.Name,
      [`${prefix}network_scope`]: n.Scope,
      [`${prefix}network_internal`]: String(Boolean(n.Internal)),
      [`${prefix}network_ingress`]: String(Boolean(n.Ingress)),
    };
    for (const [k, v] of Object.entries(n.Labels ?? {})) labels[`${prefix}network_label_${sanitizeLabelName(k)}`] = v;
    out.set(n.Id, labels);
  }
  return out;
}

/** Docker's filter argument: `{"name": {"value": true}}` as JSON, from `filters: [{name, values}]`. */
export function dockerFilters(filters: Array<{ name: string; values: string[] }>): Record<string, string> {
  if (filters.length === 0) return {};
  const args: Record<string, Record<string, boolean>> = {};
  for (const f of filters) for (const v of f.values) (args[f.name] ??= {})[v] = true;
  return { filters: JSON.stringify(args) };
}
