import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `http_sd_configs` entry. */
export interface HttpSdConfig {
  url: string;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['url', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseHttpSdConfig(raw: unknown, baseDir: string): HttpSdConfig {
  const r = ConfigReader.of(raw, 'http.SDConfig', KEYS);
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
  return { url, refreshIntervalMs: r.duration('refresh_interval', 60_000), client: parseHttpClientConfig(r, baseDir) };
}
