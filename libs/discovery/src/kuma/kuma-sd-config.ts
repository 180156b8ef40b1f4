import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `kuma_sd_configs` entry, with Prometheus's defaults. */
export interface KumaSdConfig {
  server: string;
  clientId: string;
  refreshIntervalMs: number;
  fetchTimeoutMs: number;
  client: HttpClientConfig;
}

const KEYS = ['server', 'client_id', 'refresh_interval', 'fetch_timeout', ...HTTP_CLIENT_KEYS];

export function parseKumaSdConfig(raw: unknown, baseDir: string): KumaSdConfig {
  const r = ConfigReader.of(raw, 'xds.SDConfig', KEYS);
  const server = r.string('server');
  if (server === '') throw new ConfigPathError(['server'], `kuma SD server must not be empty: ${server}`);
  let url: URL | null;
  try {
    url = new URL(server);
  } catch {
    url = null;
  }
  if (!url || url.host === '') throw new ConfigPathError(['server'], `kuma SD server must not be empty and have a scheme: ${server}`);
  return {
    server: server.replace(/\/$/, ''),
    clientId: r.string('client_id'),
    refreshIntervalMs: r.duration('refresh_interval', 15_000),
    fetchTimeoutMs: r.duration('fetch_timeout', 120_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
