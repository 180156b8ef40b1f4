import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `digitalocean_sd_configs` entry, with Prometheus's defaults. */
export interface DigitalOceanSdConfig {
  port: number;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['port', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseDigitalOceanSdConfig(raw: unknown, baseDir: string): DigitalOceanSdConfig {
  const r = ConfigReader.of(raw, 'digitalocean.SDConfig', KEYS);
  return { port: r.int('port', 80, 0, 65535), refreshIntervalMs: r.duration('refresh_interval', 60_000), client: parseHttpClientConfig(r, baseDir) };
}
