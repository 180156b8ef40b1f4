import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** The service-account key flow's inputs; relative paths are resolved against the config file. */
export interface StackitKeyAuth {
  serviceAccountKey: string;
  serviceAccountKeyPath: string;
  privateKey: string;
  privateKeyPath: string;
  credentialsFilePath: string;
}

/** One `stackit_sd_configs` entry, with Prometheus's defaults. */
export interface StackitSdConfig {
  project: string;
  region: string;
  /** The IaaS API base; empty: `https://iaas.api.<region>.stackit.cloud`. */
  endpoint: string;
  port: number;
  refreshIntervalMs: number;
  /**
   * null when neither `service_account_key` nor `service_account_key_path` is set: requests
   * then carry only what `<http_config>` adds (e.g. `authorization` with a token), as in Prometheus.
   */
  keyAuth: StackitKeyAuth | null;
  client: HttpClientConfig;
}

const KEYS = [
  'project',
  'refresh_interval',
  'port',
  'region',
  'endpoint',
  'service_account_key',
  'private_key',
  'service_account_key_path',
  'private_key_path',
  'credentials_file_path',
  ...HTTP_CLIENT_KEYS,
];

export function parseStackitSdConfig(raw: unknown, baseDir: string): StackitSdConfig {
  const r = ConfigReader.of(raw, 'stackit.SDConfig', KEYS);
  const region = r.string('region', 'eu01');
  const endpoint = r.string('endpoint');
  if (endpoint === '' && region === '') throw new ConfigPathError(['region'], 'stackit_sd: endpoint and region missing');
  if (endpoint !== '' && !URL.canParse(endpoint)) throw new ConfigPathError(['endpoint'], `stackit_sd: invalid endpoint ${JSON.stringify(endpoint)}: not an absolute URL`);
  const path = (text: string) => (text === '' || isAbsolute(text) ? text : resolve(baseDir, text));
  const keyAuth: StackitKeyAuth = {
    serviceAccountKey: r.string('service_account_key'),
    serviceAccountKeyPath: path(r.string('service_account_key_path')),
    privateKey: r.string('private_key'),
    privateKeyPath: path(r.string('private_key_path')),
    credentialsFilePath: path(r.string('credentials_file_path')),
  };
  return {
    project: r.string('project'),
    region,
    endpoint: endpoint.replace(/\/+$/, ''),
    port: r.int('port', 80, 0, 65535),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    keyAuth: keyAuth.serviceAccountKey || keyAuth.serviceAccountKeyPath ? keyAuth : null,
    client: parseHttpClientConfig(r, baseDir),
  };
}
