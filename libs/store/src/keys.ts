/**
 * Redis key names: the only place they are spelled. Every key of a service carries the
 * `{service}` hash tag, so in a Redis Cluster all of them live in one slot and one Lua call can
 * update them together. Scripts never build a key: each `…Keys` function below returns the
 * KEYS list of one script call, in the order the script's header documents.
 */
export const KEY_ROOT = 'periskop';

/** Set of service names (its own slot; never touched by a script together with service keys). */
export const SERVICES_KEY = `${KEY_ROOT}:services`;

/**
 * Zset: service name -> Redis time (ms) a scheduler last had it in its config. Hash-tagged with
 * SERVICES_KEY's whole name, so both share a Cluster slot and one script can migrate the set.
 */
export const SERVICE_REGISTRY_KEY = `${KEY_ROOT}:{${SERVICES_KEY}}:registry`;

/**
 * String: hash of the config file a `POST /-/reload` last loaded. Every scheduler and API
 * replica polls it and reloads its own file when it runs another version.
 */
export const CONFIG_VERSION_KEY = `${KEY_ROOT}:config:version`;

/**
 * String: this installation's cluster id, generated once (SET NX) by the first API that federates.
 * Every API replica and restart reads the same id, so `/federate/:service` answers one stable
 * `target_uuid` per cluster and service (its own slot; no script touches it).
 */
export const CLUSTER_ID_KEY = `${KEY_ROOT}:cluster-id`;

/** String with a short TTL that `/-/ready` writes, to prove Redis takes writes. */
export function readyProbeKey(app: string): string {
  return `${KEY_ROOT}:ready:${app}`;
}

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
    /**
     * hash: `<label>\n<value>` -> `count|firstSeenMs|lastSeenMs` of the key's breakdown by target
     * label (aggregation.breakdown_labels); `<label>\n` (empty value) holds the values folded into "other".
     */
    breakdown: (key: string) => `${p}b:${key}`,
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
    /** hash: address -> scrape health JSON (after a clean merge also the body's digest and the target id: see touch-target-n.lua). */
    health: `${p}health`,
    /** hash: aggregation key -> class, message and stack trace of its newest occurrence. */
    search: `${p}search`,
    /** string: JSON of the discovered targets, written by the scheduler. */
    discovered: `${p}discovered`,
    /** hash: aggregation key -> JSON { by, at } of its last resolve (who, Unix ms). */
    resolutions: `${p}resolved`,
    /** hash: the last cycle boundary (ms, Redis's clock) a scheduler claimed for this service. */
    cycle: `${p}cycle`,
    /**
     * zset: aggregation key -> its value for one sort of the error list (latest: last seen, count:
     * total count, first: created_at, in Unix seconds; key: 0), for the keys of one status and one
     * severity ("any": every severity). Kept by the scripts that change a key (see error-index.lua).
     */
    errorIndex: (sort: IndexSort, status: IndexStatus, severity: IndexSeverity) => `${p}ix:${sort}:${status}:${severity}`,
    /** hash: `keys|<status>|<severity>` and `count|<status>|<severity>` -> totals of the indexed keys; `built` -> the index layout. */
    errorTotals: `${p}ixtot`,
    /** hash: Periskop's full error list as last built by an API replica: version, ETag, gzip body (shared by replicas). */
    fullList: `${p}plist`,
  };
}

/** The error list's sorts, statuses and severity filters that have an index (see error-index.lua). */
export const INDEX_SORTS = ['latest', 'count', 'first', 'key'] as const;
export const INDEX_STATUSES = ['active', 'resolved', 'all'] as const;
export const INDEX_SEVERITIES = ['any', 'error', 'warning', 'info'] as const;
export type IndexSort = (typeof INDEX_SORTS)[number];
export type IndexStatus = (typeof INDEX_STATUSES)[number];
export type IndexSeverity = (typeof INDEX_SEVERITIES)[number];

/**
 * The error list's indexes and totals, in the order error-index.lua addresses them: for each
 * sort, each status, each severity filter, one zset; then the totals hash.
 */
export function errorIndexKeys(service: string): string[] {
  const k = serviceKeys(service);
  const keys: string[] = [];
  for (const sort of INDEX_SORTS) for (const status of INDEX_STATUSES) for (const severity of INDEX_SEVERITIES) keys.push(k.errorIndex(sort, status, severity));
  keys.push(k.errorTotals);
  return keys;
}

/** How many KEYS errorIndexKeys adds to a call. */
export const ERROR_INDEX_KEY_COUNT = INDEX_SORTS.length * INDEX_STATUSES.length * INDEX_SEVERITIES.length + 1;

export type ServiceKeys = ReturnType<typeof serviceKeys>;

/** Keys of one aggregation key that go with it (samples, trends, resolve memory, label breakdown), in script order. */
function perAggregateKeys(k: ServiceKeys, key: string): string[] {
  return [k.sampleIndex(key), k.sampleData(key), k.trendMinutes(key), k.trendHours(key), k.resolvedUuids(key), k.breakdown(key)];
}

/** How many KEYS each aggregation key adds to a merge-payload or expire-keys call. */
export const KEYS_PER_AGGREGATE = 6;

/** KEYS of merge-payload-n.lua before the per-aggregate ones. */
export const MERGE_FIXED_KEYS = 9 + ERROR_INDEX_KEY_COUNT;

/** KEYS of merge-payload-n.lua: the service keys, the target's counts, the error list's indexes, then 6 per aggregate. */
export function mergePayloadKeys(service: string, targetId: string, aggregationKeys: readonly string[]): string[] {
  const k = serviceKeys(service);
  const keys = [k.aggregates, k.version, k.targets, k.targetAddresses, k.targetCycles, k.seen, k.search, k.keysRefused, k.targetCounts(targetId), ...errorIndexKeys(service)];
  for (const key of aggregationKeys) keys.push(...perAggregateKeys(k, key));
  return keys;
}

/**
 * KEYS of touch-target-n.lua: the target indexes, the key index, the health, then the counts of
 * the identity the caller expects the health to name (none when it expects none).
 */
export function touchTargetKeys(service: string, expectedTargetId?: string): string[] {
  const k = serviceKeys(service);
  const keys = [k.targets, k.targetAddresses, k.targetCycles, k.seen, k.health];
  if (expectedTargetId) keys.push(k.targetCounts(expectedTargetId));
  return keys;
}

/** KEYS of resolve-error-54.lua: the key's own, then the error list's indexes. */
export function resolveErrorKeys(service: string, key: string): string[] {
  const k = serviceKeys(service);
  return [k.aggregates, k.version, k.sampleIndex(key), k.sampleData(key), k.resolvedUuids(key), ...errorIndexKeys(service)];
}

/** KEYS of error-page-52.lua and rebuild-index-50.lua: the aggregates, the version, the refused-key counter (page only), the indexes. */
export function errorPageKeys(service: string): string[] {
  const k = serviceKeys(service);
  return [k.aggregates, k.version, k.keysRefused, ...errorIndexKeys(service)];
}

export function rebuildIndexKeys(service: string): string[] {
  return [serviceKeys(service).aggregates, ...errorIndexKeys(service)];
}

/** KEYS of expire-targets-n.lua: the target indexes, then each candidate's counts hash. */
export function expireTargetsKeys(service: string, targetIds: readonly string[]): string[] {
  const k = serviceKeys(service);
  return [k.targets, k.targetAddresses, k.targetCycles, ...targetIds.map((id) => k.targetCounts(id))];
}

/** KEYS of expire-keys-n.lua: the service's key indexes, the error list's indexes, then 6 per candidate key. */
export function expireKeysKeys(service: string, aggregationKeys: readonly string[]): string[] {
  const k = serviceKeys(service);
  const keys = [k.aggregates, k.version, k.seen, k.search, ...errorIndexKeys(service)];
  for (const key of aggregationKeys) keys.push(...perAggregateKeys(k, key));
  return keys;
}

/** KEYS of claim-cycle-1.lua. */
export function claimCycleKeys(service: string): string[] {
  return [serviceKeys(service).cycle];
}

/** KEYS of register-services-2.lua and list-services-2.lua: the registry, then the older set it absorbs. */
export function serviceRegistryKeys(): string[] {
  return [SERVICE_REGISTRY_KEY, SERVICES_KEY];
}

// ─── Notifications (libs/notify) ─────────────────────────────────────────────────────────────
// Plain keys with the service's `{service}` tag; no script touches them (single commands only).

export function notificationKeys(service: string) {
  const p = servicePrefix(service);
  return {
    /** string with a TTL of the route's repeat_interval: set (NX) when a message for the key and event is sent. */
    repeat: (event: string, key: string) => `${p}nrep:${event}:${key}`,
    /** string with a TTL of the spike window: present while the key's count stays above its spike threshold. */
    spike: (key: string) => `${p}nspike:${key}`,
    /** list: the newest deliveries to the service's receivers (JSON), bounded. */
    deliveries: `${p}ndeliv`,
  };
}

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
