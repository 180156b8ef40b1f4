import { serviceKeys } from './keys';
import type { RedisClient } from './redis-connection';

/** A discovered target as the scheduler records it for `/targets/` and the dashboard. */
export interface StoredTarget {
  address: string;
  /** Periskop's `/targets/` form: host:port + endpoint, no scheme. */
  endpoint: string;
  url: string;
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
}

/**
 * Records a service's current targets, and forgets the scrape health of addresses that are no
 * longer discovered: in a cluster, pod addresses come and go, and health must not pile up.
 */
export async function recordDiscoveredTargets(redis: RedisClient, service: string, targets: StoredTarget[]): Promise<void> {
  const keys = serviceKeys(service);
  await redis.set(keys.discovered, JSON.stringify(targets));
  const current = new Set(targets.map((t) => t.address));
  const gone = (await redis.hkeys(keys.health)).filter((address) => !current.has(address));
  if (gone.length > 0) await redis.hdel(keys.health, ...gone);
}
