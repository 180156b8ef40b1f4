import { createHash, randomUUID } from 'node:crypto';
import { CLUSTER_ID_KEY } from './keys';
import type { RedisClient } from './redis-client';

/**
 * The id of the cluster this Redis serves, created once and shared by every API replica: a
 * federating parent keeps a high-water mark per (address, target_uuid), so the uuid a child
 * answers must not change between replicas behind one Service, nor across restarts — else each
 * replica's or process's counts would be added again.
 */
export class ClusterIdentity {
  private cached: Promise<string> | null = null;

  constructor(private readonly redis: RedisClient) {}

  /** The stored id; the first caller's generated id wins (SET NX), every later caller reads it. */
  id(): Promise<string> {
    this.cached ??= this.load().catch((err) => {
      this.cached = null; // Redis was away: try again on the next request
      throw err;
    });
    return this.cached;
  }

  async targetUuid(service: string): Promise<string> {
    return federatedTargetUuid(await this.id(), service);
  }

  private async load(): Promise<string> {
    await this.redis.set(CLUSTER_ID_KEY, randomUUID(), 'NX');
    const id = await this.redis.get(CLUSTER_ID_KEY);
    if (!id) throw new Error(`${CLUSTER_ID_KEY} vanished right after it was set`);
    return id;
  }
}

/** A uuid-shaped digest of (cluster, service): stable, and distinct per service of one cluster. */
export function federatedTargetUuid(clusterId: string, service: string): string {
  const hex = createHash('sha256').update(`${clusterId}\0${service}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
