import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `linode_sd_configs` entry, with Prometheus's defaults. */
export interface LinodeSdConfig {
  port: number;
  tagSeparator: string;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['port', 'tag_separator', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseLinodeSdConfig(raw: unknown, baseDir: string): LinodeSdConfig {
  const r = ConfigReader.of(raw, 'linode.SDConfig', KEYS);
  return { port: r.int('port', 80, 0, 65535), tagSeparator: r.string('tag_separator', ','), refreshIntervalMs: r.duration('refresh_interval', 60_000), client: parseHttpClientConfig(r, baseDir) };
}
