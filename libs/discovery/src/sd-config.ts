import { ConfigPathError } from '@periskop/common';
import type { Discoverer } from './discoverer';
import { parseStaticConfig } from './static/static-config';
import { StaticDiscoverer } from './static/static-discoverer';

/** Everything a mechanism needs to be registered: how to validate one entry and build its discoverer. */
export interface SdMechanism<C = unknown> {
  /** The YAML key, e.g. `dns_sd_configs`. */
  key: string;
  parse(raw: unknown, ctx: SdParseContext): C;
  create(config: C, ctx: SdCreateContext): Discoverer;
}

export interface SdParseContext {
  /** Directory of the config file: relative paths (file_sd `files`) resolve against it. */
  baseDir: string;
}

export interface SdCreateContext {
  service: string;
  /** Index of the entry in its list, for unique group sources. */
  index: number;
  options: DiscoveryOptions;
}

export interface DiscoveryOptions {
  /** DNS servers (`host:port`) for dns_sd_configs instead of the system resolver (tests, split DNS). */
  dnsServers?: string[];
  /** Where mechanisms report failed refreshes; the last good targets stay. */
  onError?: (mechanism: string, error: Error) => void;
}

/** A service's parsed SD blocks: mechanism key → parsed entries, in config order. */
export type ServiceDiscoveryConfig = Array<{ key: string; configs: unknown[] }>;

const MECHANISMS: SdMechanism[] = [
  { key: 'static_configs', parse: (raw) => parseStaticConfig(raw), create: (c, ctx) => new StaticDiscoverer(c as never, `static/${ctx.index}`) },
];

export const SD_CONFIG_KEYS: readonly string[] = MECHANISMS.map((m) => m.key);

export function mechanismFor(key: string): SdMechanism | undefined {
  return MECHANISMS.find((m) => m.key === key);
}

/**
 * Picks the SD blocks out of one service's YAML object and validates them. Errors carry the
 * path below the service (e.g. `dns_sd_configs[0].port`).
 */
export function parseServiceDiscovery(rawService: Record<string, unknown>, ctx: SdParseContext): ServiceDiscoveryConfig {
  const out: ServiceDiscoveryConfig = [];
  for (const [key, value] of Object.entries(rawService)) {
    const mechanism = mechanismFor(key);
    if (!mechanism) continue;
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) throw new ConfigPathError([key], 'must be a list');
    const configs = value.map((entry, i) => {
      try {
        return mechanism.parse(entry, ctx);
      } catch (err) {
        if (err instanceof ConfigPathError) throw err.under([key, i]);
        throw new ConfigPathError([key, i], (err as Error).message);
      }
    });
    out.push({ key, configs });
  }
  return out;
}
