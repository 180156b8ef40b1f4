import { ConfigPathError } from '@periskop/common';
import { parseFilters } from '../docker/docker-sd-config';
import { ConfigReader } from '../internal/config-reader';
import { parseDockerHost } from '../internal/docker-engine';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

export type SwarmRole = 'services' | 'tasks' | 'nodes';

/** One `dockerswarm_sd_configs` entry, with Prometheus's defaults. */
export interface DockerSwarmSdConfig {
  host: string;
  role: SwarmRole;
  port: number;
  filters: Array<{ name: string; values: string[] }>;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['host', 'role', 'port', 'filters', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseDockerSwarmSdConfig(raw: unknown, baseDir: string): DockerSwarmSdConfig {
  const r = ConfigReader.of(raw, 'moby.DockerSwarmSDConfig', KEYS);
  const host = r.string('host');
  parseDockerHost(host);
  const role = r.string('role');
  if (role === '') throw new ConfigPathError(['role'], 'role missing (one of: tasks, services, nodes)');
  if (role !== 'services' && role !== 'tasks' && role !== 'nodes') throw new ConfigPathError(['role'], `invalid role ${role}, expected tasks, services, or nodes`);
  return {
    host,
    role,
    port: r.int('port', 80, 0, 65535),
    filters: parseFilters(r),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
