import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `triton_sd_configs` entry, with Prometheus's defaults. */
export interface TritonSdConfig {
  account: string;
  role: 'container' | 'cn';
  dnsSuffix: string;
  endpoint: string;
  groups: string[];
  port: number;
  refreshIntervalMs: number;
  version: number;
  /** Only `tls_config` applies (Triton's CMON endpoint authenticates with client certificates). */
  client: HttpClientConfig;
}

const KEYS = ['account', 'role', 'dns_suffix', 'endpoint', 'groups', 'port', 'refresh_interval', 'tls_config', 'version'];

export function parseTritonSdConfig(raw: unknown, baseDir: string): TritonSdConfig {
  const r = ConfigReader.of(raw, 'triton.SDConfig', KEYS);
  const role = r.string('role', 'container');
  if (role !== 'container' && role !== 'cn') throw new ConfigPathError(['role'], "triton SD configuration requires role to be 'container' or 'cn'");
  const account = r.string('account');
  if (account === '') throw new ConfigPathError(['account'], 'triton SD configuration requires an account');
  const dnsSuffix = r.string('dns_suffix');
  if (dnsSuffix === '') throw new ConfigPathError(['dns_suffix'], 'triton SD configuration requires a dns_suffix');
  const endpoint = r.string('endpoint');
  if (endpoint === '') throw new ConfigPathError(['endpoint'], 'triton SD configuration requires an endpoint');
  const refreshIntervalMs = r.duration('refresh_interval', 60_000);
  if (refreshIntervalMs <= 0) throw new ConfigPathError(['refresh_interval'], 'triton SD configuration requires RefreshInterval to be a positive integer');
  return {
    account,
    role,
    dnsSuffix,
    endpoint,
    groups: r.stringList('groups'),
    port: r.int('port', 9163, 0, 65535),
    refreshIntervalMs,
    version: r.int('version', 1, 0),
    client: parseHttpClientConfig(r, baseDir),
  };
}
