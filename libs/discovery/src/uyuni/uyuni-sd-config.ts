import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `uyuni_sd_configs` entry, with Prometheus's defaults. */
export interface UyuniSdConfig {
  server: string;
  username: string;
  password: string;
  entitlement: string;
  separator: string;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['server', 'username', 'password', 'entitlement', 'separator', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseUyuniSdConfig(raw: unknown, baseDir: string): UyuniSdConfig {
  const r = ConfigReader.of(raw, 'uyuni.SDConfig', KEYS);
  const server = r.string('server');
  if (server === '') throw new ConfigPathError(['server'], 'Uyuni SD configuration requires server host');
  try {
    new URL(server);
  } catch {
    throw new ConfigPathError(['server'], `Uyuni Server URL is not valid: parse ${JSON.stringify(server)}: invalid URL`);
  }
  const username = r.string('username');
  if (username === '') throw new ConfigPathError(['username'], 'Uyuni SD configuration requires a username');
  const password = r.string('password');
  if (password === '') throw new ConfigPathError(['password'], 'Uyuni SD configuration requires a password');
  return {
    server: server.replace(/\/$/, ''),
    username,
    password,
    entitlement: r.string('entitlement', 'monitoring_entitled'),
    separator: r.string('separator', ','),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
