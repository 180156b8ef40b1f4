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

export async function recordDiscoveredTargets(redis: RedisClient, service: string, targets: StoredTarget[]): Promise<void> {
  await redis.set(serviceKeys(service).discovered, JSON.stringify(targets));
}
