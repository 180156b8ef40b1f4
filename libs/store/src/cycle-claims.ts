import { serviceKeys } from './keys';
import type { RedisClient } from './redis-connection';
import { registerScripts, ScriptedRedis } from './scripts';

/** Lets any number of scheduler replicas agree on who enqueues each service's cycle. */
export class CycleClaims {
  private readonly redis: RedisClient & ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly claimant: string,
  ) {
    this.redis = registerScripts(redis);
  }

  async claim(service: string, cycle: number, refreshIntervalMs: number): Promise<boolean> {
    const ttlMs = Math.max(refreshIntervalMs * 10, 60_000);
    return (await this.redis.claimCycle(serviceKeys(service).cycle, cycle, this.claimant, ttlMs)) === 1;
  }
}
