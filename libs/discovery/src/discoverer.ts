import type { TargetGroup } from './target-group';

/**
 * The core of discovery: the types every mechanism implements and the contexts it is handed.
 * This file imports no mechanism; each mechanism folder exports one `SdMechanism` and
 * `install.ts` is the one list that names them, so no import runs in a circle.
 */

/**
 * One SD mechanism instance (one entry of a `*_sd_configs` list). It emits complete sets of
 * target groups; on a failed refresh it emits nothing, so the last good targets stay.
 */
export interface Discoverer {
  /** Starts discovering; `onGroups` gets every update. Resolves after the first attempt. */
  start(onGroups: (groups: TargetGroup[]) => void): Promise<void>;
  stop(): Promise<void>;
}

/** Everything a mechanism needs to be installed: how to validate one entry and build its discoverer. */
export interface SdMechanism<C = unknown> {
  /** The YAML key, e.g. `dns_sd_configs`. */
  key: string;
  parse(raw: unknown, ctx: SdParseContext): C;
  create(config: C, ctx: SdCreateContext): Discoverer;
}

export interface SdParseContext {
  /** Directory of the config file: relative paths (file_sd `files`, TLS files) resolve against it. */
  baseDir: string;
}

export interface SdCreateContext {
  service: string;
  /** Index of the entry among the service's SD entries, for unique group sources. */
  index: number;
  options: DiscoveryOptions;
}

export interface DiscoveryOptions {
  /** DNS servers (`host:port`) for dns_sd_configs instead of the system resolver (tests, split DNS). */
  dnsServers?: string[];
  /**
   * Base URLs for mechanisms whose provider host is fixed (hetzner, digitalocean, linode, …),
   * by mechanism name (`hetzner`): Prometheus has no such field, so this is how tests point
   * them at a local server. Never set in production.
   */
  vendorEndpoints?: Record<string, string>;
  /** Cap on one SD response body in bytes (default `DEFAULT_MAX_SD_RESPONSE_BYTES`). */
  maxResponseBytes?: number;
  /** Where mechanisms report failed refreshes; the last good targets stay. */
  onError?: (mechanism: string, error: Error) => void;
}

/** A service's parsed SD blocks: mechanism key → parsed entries, in config order. */
export type ServiceDiscoveryConfig = Array<{ key: string; configs: unknown[] }>;

/** Typed definition; the install list stores mechanisms with their config types erased. */
export function defineMechanism<C>(m: SdMechanism<C>): SdMechanism {
  return m as SdMechanism;
}
