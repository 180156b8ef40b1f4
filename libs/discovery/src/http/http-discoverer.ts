import { parseTargetGroupList } from '../internal/target-group-list';
import { httpGet, redactUrl } from '../internal/http-request';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { DiscoveryOptions } from '../discoverer';
import type { TargetGroup } from '../target-group';
import type { HttpSdConfig } from './http-sd-config';

export const HTTP_URL_LABEL = '__meta_url';

// Prometheus accepts exactly this content type, case-insensitively.
const JSON_CONTENT_TYPE = /^application\/json(;\s*charset=("utf-8"|utf-8))?$/i;

/** `http_sd_configs`: GET the URL every refresh_interval; the body is a list of target groups. */
export function createHttpDiscoverer(config: HttpSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let previousCount = 0;
  return new RefreshDiscoverer({
    mechanism: 'http_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const groups = await fetchGroups(config, signal, options.maxResponseBytes);
      const fetched = groups.length;
      // Indexes that disappeared since the last refresh get empty groups, which delete them.
      for (let i = fetched; i < previousCount; i++) groups.push({ source: `${config.url}:${i}`, targets: [], labels: {} });
      previousCount = fetched;
      return groups;
    },
  });
}

export async function fetchGroups(config: HttpSdConfig, signal?: AbortSignal, maxBodyBytes?: number): Promise<TargetGroup[]> {
  const res = await httpGet(config.url, {
    client: config.client,
    signal,
    maxBodyBytes,
    timeoutMs: config.refreshIntervalMs,
    headers: {
      Accept: 'application/json',
      'User-Agent': 'Periskop',
      // Go's FormatFloat(seconds, 'f', -1): "60", "0.5".
      'X-Prometheus-Refresh-Interval-Seconds': String(config.refreshIntervalMs / 1000),
    },
  });
  if (res.status !== 200) throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`);
  const contentType = String(res.headers['content-type'] ?? '').trim();
  if (!JSON_CONTENT_TYPE.test(contentType)) throw new Error(`unsupported content type ${JSON.stringify(contentType)}`);
  let data: unknown;
  try {
    data = JSON.parse(res.body);
  } catch (err) {
    throw new Error(`invalid JSON from ${redactUrl(config.url)}: ${(err as Error).message}`);
  }
  return parseTargetGroupList(data, 'json').map((group, i) => ({
    source: `${config.url}:${i}`,
    targets: group.targets.map((address) => ({ __address__: address })),
    labels: { ...group.labels, [HTTP_URL_LABEL]: config.url },
  }));
}
