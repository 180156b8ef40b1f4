import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `marathon_sd_configs` entry, with Prometheus's defaults. */
export interface MarathonSdConfig {
  servers: string[];
  refreshIntervalMs: number;
  authToken: string | null;
  authTokenFile: string | null;
  client: HttpClientConfig;
}

const KEYS = ['servers', 'refresh_interval', 'auth_token', 'auth_token_file', ...HTTP_CLIENT_KEYS];

export function parseMarathonSdConfig(raw: unknown, baseDir: string): MarathonSdConfig {
  const r = ConfigReader.of(raw, 'marathon.SDConfig', KEYS);
  const servers = r.stringList('servers').map((s) => s.replace(/\/$/, ''));
  if (servers.length === 0) throw new ConfigPathError(['servers'], 'marathon_sd: must contain at least one Marathon server');
  const authToken = r.string('auth_token') || null;
  const file = r.string('auth_token_file');
  const authTokenFile = file ? (isAbsolute(file) ? file : resolve(baseDir, file)) : null;
  if (authToken && authTokenFile) throw new ConfigPathError(['auth_token'], 'marathon_sd: at most one of auth_token & auth_token_file must be configured');
  const client = parseHttpClientConfig(r, baseDir);
  if (authToken || authTokenFile) {
    if (client.basicAuth) throw new ConfigPathError(['auth_token'], 'marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured');
    if (client.authorization) throw new ConfigPathError(['auth_token'], 'marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured');
  }
  return { servers, refreshIntervalMs: r.duration('refresh_interval', 30_000), authToken, authTokenFile, client };
}
