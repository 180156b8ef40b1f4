import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `nomad_sd_configs` entry, with Prometheus's defaults. */
export interface NomadSdConfig {
  server: string;
  namespace: string;
  region: string;
  allowStale: boolean;
  tagSeparator: string;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['server', 'namespace', 'region', 'allow_stale', 'tag_separator', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseNomadSdConfig(raw: unknown, baseDir: string): NomadSdConfig {
  const r = ConfigReader.of(raw, 'nomad.SDConfig', KEYS);
  const server = r.string('server', 'http://localhost:4646');
  if (server.trim() === '') throw new ConfigPathError(['server'], 'nomad SD configuration requires a server address');
  try {
    new URL(server);
  } catch {
    throw new ConfigPathError(['server'], `parse ${JSON.stringify(server)}: invalid URL`);
  }
  return {
    server: server.replace(/\/$/, ''),
    namespace: r.string('namespace', 'default'),
    region: r.string('region', 'global'),
    allowStale: r.bool('allow_stale', true),
    tagSeparator: r.string('tag_separator', ','),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
