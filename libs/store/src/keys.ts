/**
 * Redis key names: the only place they are spelled. Every key of a service carries the
 * `{service}` hash tag, so in a Redis Cluster all of them live in one slot and one Lua call can
 * update them together. Scripts never build a key: each `…Keys` function below returns the
 * KEYS list of one script call, in the order the script's header documents.
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
    /** hash: aggregation key -> aggregate meta JSON (counts inside it are strings: exact to 2^53−1). */
    aggregates: `${p}agg`,
    /** counter bumped by every change: the list's ETag. */
    version: `${p}ver`,
    /** zset: uuid -> occurrence time, the key's sample index. */
    sampleIndex: (key: string) => `${p}s:${key}`,
    /** hash: uuid -> occurrence JSON. */
    sampleData: (key: string) => `${p}d:${key}`,
    /** set: uuids of the key's samples when it was last resolved (a regression shows the others). */
    resolvedUuids: (key: string) => `${p}ru:${key}`,
    trendMinutes: (key: string) => `${p}tm:${key}`,
    trendHours: (key: string) => `${p}th:${key}`,
    /** hash: aggregation key -> the last (highest, with a target_uuid) count this target reported. */
    targetCounts: (targetId: string) => `${p}t:${targetId}`,
    /** zset: target id -> Redis time (ms) of its last merge. */
    targets: `${p}targets`,
    /** hash: target id -> address it was last scraped at. */
    targetAddresses: `${p}taddr`,
    /** hash: target id -> the scheduler cycle of its last merge (the order of its payloads). */
    targetCycles: `${p}tcycle`,
    /** zset: aggregation key -> Redis time (ms) an instance last reported it (key retention). */
    seen: `${p}seen`,
    /** string: how many new keys were refused because the service has max_keys_per_service. */
    keysRefused: `${p}refused`,
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

/** Keys of one aggregation key that go with it (samples, trends, resolve memory), in script order. */
function perAggregateKeys(k: ServiceKeys, key: string): string[] {
  return [k.sampleIndex(key), k.sampleData(key), k.trendMinutes(key), k.trendHours(key), k.resolvedUuids(key)];
}

/** How many KEYS each aggregation key adds to a merge-payload or expire-keys call. */
export const KEYS_PER_AGGREGATE = 5;

/** KEYS of merge-payload-n.lua: the service keys, the target's counts, then 5 per aggregate. */
export function mergePayloadKeys(service: string, targetId: string, aggregationKeys: readonly string[]): string[] {
  const k = serviceKeys(service);
  const keys = [k.aggregates, k.version, k.targets, k.targetAddresses, k.targetCycles, k.seen, k.search, k.keysRefused, k.targetCounts(targetId)];
  for (const key of aggregationKeys) keys.push(...perAggregateKeys(k, key));
  return keys;
}

/** KEYS of resolve-error-5.lua. */
export function resolveErrorKeys(service: string, key: string): string[] {
  const k = serviceKeys(service);
  return [k.aggregates, k.version, k.sampleIndex(key), k.sampleData(key), k.resolvedUuids(key)];
}

/** KEYS of expire-targets-n.lua: the target indexes, then each candidate's counts hash. */
export function expireTargetsKeys(service: string, targetIds: readonly string[]): string[] {
  const k = serviceKeys(service);
  return [k.targets, k.targetAddresses, k.targetCycles, ...targetIds.map((id) => k.targetCounts(id))];
}

/** KEYS of expire-keys-n.lua: the service's key indexes, then 5 per candidate key. */
export function expireKeysKeys(service: string, aggregationKeys: readonly string[]): string[] {
  const k = serviceKeys(service);
  const keys = [k.aggregates, k.version, k.seen, k.search];
  for (const key of aggregationKeys) keys.push(...perAggregateKeys(k, key));
  return keys;
}
