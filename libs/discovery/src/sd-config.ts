import { ConfigPathError } from '@periskop/common';
import type { Discoverer } from './discoverer';
import { ConsulDiscoverer } from './consul/consul-discoverer';
import { ConsulSdConfig, parseConsulSdConfig } from './consul/consul-sd-config';
import { createDnsDiscoverer } from './dns/dns-discoverer';
import { DnsSdConfig, parseDnsSdConfig } from './dns/dns-sd-config';
import { FileDiscoverer } from './file/file-discoverer';
import { FileSdConfig, parseFileSdConfig } from './file/file-sd-config';
import { createHttpDiscoverer } from './http/http-discoverer';
import { HttpSdConfig, parseHttpSdConfig } from './http/http-sd-config';
import { KubernetesDiscoverer } from './kubernetes/kubernetes-discoverer';
import { KubernetesSdConfig, parseKubernetesSdConfig } from './kubernetes/kubernetes-sd-config';
import { parseStaticConfig } from './static/static-config';
import { StaticConfig, StaticDiscoverer } from './static/static-discoverer';

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

/** Typed registration; the registry itself stores mechanisms with their config types erased. */
function mechanism<C>(m: SdMechanism<C>): SdMechanism {
  return m as SdMechanism;
}

// Adding a mechanism: a folder with its config parser and discoverer, and one line here.
const MECHANISMS: SdMechanism[] = [
  mechanism<StaticConfig>({ key: 'static_configs', parse: (raw) => parseStaticConfig(raw), create: (c, ctx) => new StaticDiscoverer(c, `static/${ctx.index}`) }),
  mechanism<FileSdConfig>({ key: 'file_sd_configs', parse: (raw, ctx) => parseFileSdConfig(raw, ctx.baseDir), create: (c, ctx) => new FileDiscoverer(c, ctx.options) }),
  mechanism<DnsSdConfig>({ key: 'dns_sd_configs', parse: (raw) => parseDnsSdConfig(raw), create: (c, ctx) => createDnsDiscoverer(c, ctx.options) }),
  mechanism<HttpSdConfig>({ key: 'http_sd_configs', parse: (raw, ctx) => parseHttpSdConfig(raw, ctx.baseDir), create: (c, ctx) => createHttpDiscoverer(c, ctx.options) }),
  mechanism<KubernetesSdConfig>({
    key: 'kubernetes_sd_configs',
    parse: (raw, ctx) => parseKubernetesSdConfig(raw, ctx.baseDir),
    create: (c, ctx) => new KubernetesDiscoverer(c, ctx.options),
  }),
  mechanism<ConsulSdConfig>({ key: 'consul_sd_configs', parse: (raw, ctx) => parseConsulSdConfig(raw, ctx.baseDir), create: (c, ctx) => new ConsulDiscoverer(c, ctx.options) }),
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
