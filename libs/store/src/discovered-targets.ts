import { serviceKeys } from './keys';
import type { RedisClient } from './redis-client';

/** A discovered target as the scheduler records it for `/targets/` and the dashboard. */
export interface StoredTarget {
  address: string;
  /** Periskop's `/targets/` form: host:port + endpoint, no scheme. */
  endpoint: string;
  url: string;
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
}

/** Each service's targets as the last cycle discovered them (the scheduler writes, the API reads). */
export class DiscoveredTargets {
  constructor(private readonly redis: RedisClient) {}

  /**
   * Records a service's current targets, and forgets the scrape health of addresses that are no
   * longer discovered: in a cluster, pod addresses come and go, and health must not pile up.
   */
  async record(service: string, targets: StoredTarget[]): Promise<void> {
    const keys = serviceKeys(service);
    await this.redis.set(keys.discovered, JSON.stringify(targets));
    const current = new Set(targets.map((t) => t.address));
    const gone = (await this.redis.hkeys(keys.health)).filter((address) => !current.has(address));
    if (gone.length > 0) await this.redis.hdel(keys.health, ...gone);
  }
}
