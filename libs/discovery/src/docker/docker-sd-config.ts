import { ConfigReader } from '../internal/config-reader';
import { parseDockerHost } from '../internal/docker-engine';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `docker_sd_configs` entry, with Prometheus's defaults. */
export interface DockerSdConfig {
  host: string;
  port: number;
  filters: Array<{ name: string; values: string[] }>;
  hostNetworkingHost: string;
  matchFirstNetwork: boolean;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['host', 'port', 'filters', 'host_networking_host', 'match_first_network', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseDockerSdConfig(raw: unknown, baseDir: string): DockerSdConfig {
  const r = ConfigReader.of(raw, 'moby.DockerSDConfig', KEYS);
  const host = r.string('host');
  parseDockerHost(host);
  return {
    host,
    port: r.int('port', 80, 0, 65535),
    filters: parseFilters(r),
    hostNetworkingHost: r.string('host_networking_host', 'localhost'),
    matchFirstNetwork: r.bool('match_first_network', true),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}

/** `filters: [{ name, values }]`, Docker's list filters. */
export function parseFilters(r: ConfigReader): Array<{ name: string; values: string[] }> {
  return r.list('filters', (item) => {
    const f = ConfigReader.of(item, 'moby.Filter', ['name', 'values']);
    return { name: f.string('name'), values: f.stringList('values') };
  });
}
