import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `eureka_sd_configs` entry. */
export interface EurekaSdConfig {
  server: string;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['server', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseEurekaSdConfig(raw: unknown, baseDir: string): EurekaSdConfig {
  const r = ConfigReader.of(raw, 'eureka.SDConfig', KEYS);
  const server = r.string('server');
  if (server === '') throw new ConfigPathError(['server'], 'eureka_sd: empty or null eureka server');
  let url: URL | null;
  try {
    url = new URL(server);
  } catch {
    url = null;
  }
  if (!url || url.protocol === '' || url.host === '') throw new ConfigPathError(['server'], 'eureka_sd: invalid eureka server URL');
  return { server: server.replace(/\/$/, ''), refreshIntervalMs: r.duration('refresh_interval', 30_000), client: parseHttpClientConfig(r, baseDir) };
}
