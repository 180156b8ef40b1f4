import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `outscale_sd_configs` entry, with Prometheus's defaults. */
export interface OutscaleSdConfig {
  /** The OUTSCALE API (OAPI) base, without a trailing slash. */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string | null;
  secretKeyFile: string | null;
  port: number;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['endpoint', 'region', 'access_key', 'secret_key', 'secret_key_file', 'refresh_interval', 'port', ...HTTP_CLIENT_KEYS];

export function parseOutscaleSdConfig(raw: unknown, baseDir: string): OutscaleSdConfig {
  const r = ConfigReader.of(raw, 'outscale.SDConfig', KEYS);
  const region = r.string('region', 'eu-west-2');
  if (region === '') throw new ConfigPathError(['region'], 'outscale SD configuration requires a region');
  const accessKey = r.string('access_key');
  if (accessKey === '') throw new ConfigPathError(['access_key'], 'outscale SD configuration requires access_key');
  const secretKey = r.string('secret_key') || null;
  const file = r.string('secret_key_file');
  if (!secretKey && !file) throw new ConfigPathError(['secret_key'], 'one of secret_key & secret_key_file must be configured');
  if (secretKey && file) throw new ConfigPathError(['secret_key'], 'at most one of secret_key & secret_key_file must be configured');
  const endpoint = r.string('endpoint') || `https://api.${region}.outscale.com/api/v1`;
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    region,
    accessKey,
    secretKey,
    secretKeyFile: file ? (isAbsolute(file) ? file : resolve(baseDir, file)) : null,
    port: r.int('port', 80, 0, 65535),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
