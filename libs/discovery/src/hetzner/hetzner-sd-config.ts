import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `hetzner_sd_configs` entry, with Prometheus's defaults. */
export interface HetznerSdConfig {
  role: 'hcloud' | 'robot';
  port: number;
  labelSelector: string;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['role', 'port', 'label_selector', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseHetznerSdConfig(raw: unknown, baseDir: string): HetznerSdConfig {
  const r = ConfigReader.of(raw, 'hetzner.SDConfig', KEYS);
  const role = r.string('role');
  if (role === '') throw new ConfigPathError(['role'], 'role missing (one of: robot, hcloud)');
  if (role !== 'hcloud' && role !== 'robot') throw new ConfigPathError(['role'], `unknown role ${JSON.stringify(role)}`);
  return {
    role,
    port: r.int('port', 80, 0, 65535),
    labelSelector: r.string('label_selector'),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
