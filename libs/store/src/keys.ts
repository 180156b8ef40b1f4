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
    /** string: the last cycle a scheduler claimed for this service. */
    cycle: `${p}cycle`,
  };
}

export type ServiceKeys = ReturnType<typeof serviceKeys>;

// ---------------------------------------------------------------------------------------------
// Pushgateway (apps/pushgateway). Its own `{push}` hash tag: one slot, so one script updates a
// push atomically; no key here is ever touched together with a service's keys.
// ---------------------------------------------------------------------------------------------

/** `namespace` separates independent gateways sharing one Redis (`{push}`, `{push:<namespace>}`). */
export function pushPrefix(namespace = ''): string {
  return `${KEY_ROOT}:{push${namespace ? `:${namespace}` : ''}}:`;
}

export function pushKeys(namespace = '') {
  const p = pushPrefix(namespace);
  return {
    /** hash: aggregation key -> JSON { c: total count, s: severity, f: created_at ms }. */
    aggregates: `${p}agg`,
    /** hash: aggregation key -> JSON [{ u: uuid, t: ms, j: occurrence JSON }], oldest first. */
    samples: `${p}samples`,
    /** zset: aggregation key -> last time a push reported it (ms); idle keys are dropped. */
    keySeen: `${p}seen`,
    /** string: the gateway's target_uuid, shared by every replica. */
    targetUuid: `${p}uuid`,
    /** hash: aggregation key -> the last total_count this pushing job sent; expires when idle. */
    job: (jobId: string) => `${p}job:${jobId}`,
  };
}

export type PushKeys = ReturnType<typeof pushKeys>;
