/**
 * Redis key names. Every key of a service carries the `{service}` hash tag, so in a Redis
 * Cluster all of them live in one slot and one Lua call can update them together.
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
    /** hash: the last cycle boundary (ms, Redis's clock) a scheduler claimed for this service. */
    cycle: `${p}cycle`,
  };
}

export type ServiceKeys = ReturnType<typeof serviceKeys>;

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
