import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `ionos_sd_configs` entry, with Prometheus's defaults. */
export interface IonosSdConfig {
  datacenterId: string;
  port: number;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['datacenter_id', 'port', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseIonosSdConfig(raw: unknown, baseDir: string): IonosSdConfig {
  const r = ConfigReader.of(raw, 'ionos.SDConfig', KEYS);
  const datacenterId = r.string('datacenter_id');
  if (datacenterId === '') throw new ConfigPathError(['datacenter_id'], "datacenter id can't be empty");
  return { datacenterId, port: r.int('port', 80, 0, 65535), refreshIntervalMs: r.duration('refresh_interval', 60_000), client: parseHttpClientConfig(r, baseDir) };
}
