import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `consul_sd_configs` entry, with Prometheus's defaults. */
export interface ConsulSdConfig {
  /** `scheme://server/path_prefix`, without a trailing slash. */
  baseUrl: string;
  token: string | null;
  /** Empty: asked from the agent (`/v1/agent/self`). */
  datacenter: string;
  namespace: string;
  partition: string;
  services: string[];
  filter: string;
  healthFilter: string;
  tags: string[];
  nodeMeta: Record<string, string>;
  tagSeparator: string;
  allowStale: boolean;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = [
  'server',
  'path_prefix',
  'token',
  'datacenter',
  'namespace',
  'partition',
  'scheme',
  'username',
  'password',
  'services',
  'filter',
  'health_filter',
  'tags',
  'node_meta',
  'tag_separator',
  'allow_stale',
  'refresh_interval',
  ...HTTP_CLIENT_KEYS,
];

export function parseConsulSdConfig(raw: unknown, baseDir: string): ConsulSdConfig {
  const r = ConfigReader.of(raw, 'consul.SDConfig', KEYS);
  const server = r.string('server', 'localhost:8500');
  if (server.trim() === '') throw new ConfigPathError(['server'], 'consul SD configuration requires a server address');
  const scheme = r.string('scheme', 'http');
  if (scheme !== 'http' && scheme !== 'https') throw new ConfigPathError(['scheme'], "scheme must be 'http' or 'https'");
  const client = parseHttpClientConfig(r, baseDir);
  const token = r.has('token') ? r.string('token') : null;
  if (token !== null && client.authorization) {
    throw new ConfigPathError(['token'], 'at most one of consul SD configuration token, authorization or oauth2 can be configured');
  }
  // The deprecated username/password pair is basic auth by another name.
  if (r.has('username') || r.has('password')) {
    if (client.basicAuth || client.authorization) {
      throw new ConfigPathError(['username'], 'at most one of consul SD configuration username and password, basic auth or oauth2 can be configured');
    }
    client.basicAuth = { username: r.string('username'), password: r.string('password'), passwordFile: null };
  }
  const prefix = r.string('path_prefix').replace(/\/$/, '');
  return {
    baseUrl: `${scheme}://${server}${prefix && !prefix.startsWith('/') ? `/${prefix}` : prefix}`,
    token,
    datacenter: r.string('datacenter'),
    namespace: r.string('namespace'),
    partition: r.string('partition'),
    services: r.stringList('services'),
    filter: r.string('filter'),
    healthFilter: r.string('health_filter'),
    tags: r.stringList('tags'),
    nodeMeta: r.stringMap('node_meta'),
    tagSeparator: r.string('tag_separator', ','),
    allowStale: r.bool('allow_stale', true),
    refreshIntervalMs: r.duration('refresh_interval', 30_000),
    client,
  };
}
