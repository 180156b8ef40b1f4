import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { httpGet } from '../internal/http-request';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { PuppetDbSdConfig } from './puppetdb-sd-config';

const P = '__meta_puppetdb_';
export const PUPPETDB_LABELS = {
  query: `${P}query`,
  certname: `${P}certname`,
  resource: `${P}resource`,
  type: `${P}type`,
  title: `${P}title`,
  exported: `${P}exported`,
  tags: `${P}tags`,
  file: `${P}file`,
  environment: `${P}environment`,
  parameterPrefix: `${P}parameter_`,
} as const;

const SEPARATOR = ',';
const JSON_CONTENT_TYPE = /^application\/json(;\s*charset=("utf-8"|utf-8))?$/i;

export interface PuppetResource {
  certname: string;
  resource: string;
  type: string;
  title: string;
  exported: boolean;
  tags?: string[] | null;
  file?: string;
  environment?: string;
  parameters?: Record<string, unknown> | null;
}

/**
 * `puppetdb_sd_configs`: a PQL resource query POSTed to `<url>/pdb/query/v4`; a target per
 * resource at `certname:port`.
 */
export function createPuppetDbDiscoverer(config: PuppetDbSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const url = new URL(config.url);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/pdb/query/v4`;
  const endpoint = url.toString();
  return new RefreshDiscoverer({
    mechanism: 'puppetdb_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const res = await httpGet(endpoint, {
        method: 'POST',
        body: JSON.stringify({ query: config.query }),
        headers: { 'User-Agent': 'Periskop', Accept: 'application/json', 'Content-Type': 'application/json' },
        client: config.client,
        signal,
        timeoutMs: providerTimeoutMs(config.refreshIntervalMs),
        maxBodyBytes: options.maxResponseBytes,
      });
      if (res.status !== 200) throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`);
      const contentType = String(res.headers['content-type'] ?? '');
      if (!JSON_CONTENT_TYPE.test(contentType)) throw new Error(`unsupported content type ${contentType}`);
      const resources = (JSON.parse(res.body) as PuppetResource[] | null) ?? [];
      // A pseudo-URL as the source, as Prometheus names it.
      return [{ source: `${endpoint}?query=${config.query}`, targets: resources.map((r) => resourceTarget(r, config)), labels: {} } satisfies TargetGroup];
    },
  });
}

function resourceTarget(r: PuppetResource, config: PuppetDbSdConfig): Labels {
  const L = PUPPETDB_LABELS;
  const labels: Labels = {
    [L.query]: config.query,
    [L.certname]: r.certname,
    [L.resource]: r.resource,
    [L.type]: r.type,
    [L.title]: r.title,
    [L.exported]: String(Boolean(r.exported)),
    [L.file]: r.file ?? '',
    [L.environment]: r.environment ?? '',
    __address__: joinHostPort(r.certname, config.port),
  };
  // Wrapped in the separator so `.*,tag,.*` matches wherever the tag is.
  if (r.tags?.length) labels[L.tags] = SEPARATOR + r.tags.join(SEPARATOR) + SEPARATOR;
  // Off by default: parameters may hold secrets that would then show in the targets listing.
  if (config.includeParameters) for (const [k, v] of Object.entries(parameterLabels(r.parameters ?? {}))) labels[L.parameterPrefix + k] = v;
  return labels;
}

/** Prometheus's rendering of resource parameters: scalars, lists joined by `,`, maps flattened with `_`. */
export function parameterLabels(params: Record<string, unknown>): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(params)) {
    let value: string;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') value = String(v);
    else if (Array.isArray(v)) {
      if (v.length === 0) continue;
      value = v.map((item) => (typeof item === 'string' || typeof item === 'boolean' || typeof item === 'number' ? String(item) : '')).join(SEPARATOR);
    } else if (v && typeof v === 'object') {
      const prefix = sanitizeLabelName(`${k}_`);
      for (const [sub, subValue] of Object.entries(parameterLabels(v as Record<string, unknown>))) out[prefix + sub] = subValue;
      continue;
    } else continue;
    if (value === '') continue;
    out[sanitizeLabelName(k)] = value;
  }
  return out;
}
