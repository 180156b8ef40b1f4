import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `puppetdb_sd_configs` entry, with Prometheus's defaults. */
export interface PuppetDbSdConfig {
  url: string;
  query: string;
  includeParameters: boolean;
  port: number;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['url', 'query', 'include_parameters', 'port', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parsePuppetDbSdConfig(raw: unknown, baseDir: string): PuppetDbSdConfig {
  const r = ConfigReader.of(raw, 'puppetdb.SDConfig', KEYS);
  const url = r.string('url');
  if (url === '') throw new ConfigPathError(['url'], 'URL is missing');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigPathError(['url'], `parse ${JSON.stringify(url)}: invalid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigPathError(['url'], "URL scheme must be 'http' or 'https'");
  if (parsed.host === '') throw new ConfigPathError(['url'], 'host is missing in URL');
  const query = r.string('query');
  if (query === '') throw new ConfigPathError(['query'], 'query missing');
  return {
    url,
    query,
    includeParameters: r.bool('include_parameters', false),
    port: r.int('port', 80, 0, 65535),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
