/**
 * Redis key names. Every key of a service carries the `{service}` hash tag, so in a Redis
 * Cluster all of them live in one slot and one Lua call can update them together.
 */
export const KEY_ROOT = 'periskop';

/** Set of service names (its own slot; never touched by a script together with service keys). */
export const SERVICES_KEY = `${KEY_ROOT}:services`;

export function servicePrefix(service: string): string {
  return `${KEY_ROOT}:{${service}}:`;
}

export function serviceKeys(service: string) {
  const p = servicePrefix(service);
  return {
    /** hash: aggregation key -> aggregate meta JSON (declared KEYS[1] of every script). */
    aggregates: `${p}agg`,
    /** counter bumped by every change: the list's ETag. */
    version: `${p}ver`,
    /** zset: uuid -> occurrence time, the key's sample index. */
    sampleIndex: (key: string) => `${p}s:${key}`,
    /** hash: uuid -> occurrence JSON. */
    sampleData: (key: string) => `${p}d:${key}`,
    trendMinutes: (key: string) => `${p}tm:${key}`,
    trendHours: (key: string) => `${p}th:${key}`,
    /** hash: aggregation key -> the last count this target reported. */
    targetCounts: (targetId: string) => `${p}t:${targetId}`,
    /** zset: target id -> last merged fetch time. */
    targets: `${p}targets`,
    /** hash: target id -> address it was last scraped at. */
    targetAddresses: `${p}taddr`,
    /** hash: address -> scrape health JSON. */
    health: `${p}health`,
    /** hash: aggregation key -> class, message and stack trace of its newest occurrence. */
    search: `${p}search`,
    /** string: JSON of the discovered targets, written by the scheduler. */
    discovered: `${p}discovered`,
    /** hash: aggregation key -> JSON { by, at } of its last resolve (who, Unix ms). */
    resolutions: `${p}resolved`,
    /** string: the last cycle a scheduler claimed for this service. */
    cycle: `${p}cycle`,
  };
}

export type ServiceKeys = ReturnType<typeof serviceKeys>;
