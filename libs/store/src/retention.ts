import { expireKeysKeys, expireTargetsKeys, serviceKeys } from './keys';
import type { RedisClient } from './redis-client';
import { registerScripts, runScript } from './scripts';

export interface RetentionPolicy {
  /** A target not merged this long is forgotten (target_expiry_cycles × refresh interval). */
  targetTtlMs: number;
  /** An aggregate no instance reported this long is deleted (aggregation.key_retention). */
  keyRetentionMs: number;
}

export interface SweepResult {
  targetsForgotten: number;
  keysDeleted: number;
}

/**
 * Deletes what time has made obsolete, outside the merge (a merge touches only the keys it
 * declares): targets silent past their TTL, and aggregates past key retention. Candidates are
 * read with ZRANGEBYSCORE against Redis's TIME; each batch is one script call that declares the
 * keys it deletes and checks the condition again with TIME. Bounded per sweep: what is left
 * waits for the next one.
 */
export class Retention {
  private readonly redis: RedisClient;

  constructor(
    redis: RedisClient,
    private readonly batchSize = 100,
    private readonly maxBatches = 20,
  ) {
    this.redis = registerScripts(redis);
  }

  async sweep(service: string, policy: RetentionPolicy): Promise<SweepResult> {
    return { targetsForgotten: await this.expireTargets(service, policy.targetTtlMs), keysDeleted: await this.expireKeys(service, policy.keyRetentionMs) };
  }

  async expireTargets(service: string, ttlMs: number): Promise<number> {
    let forgotten = 0;
    for (let batch = 0; batch < this.maxBatches; batch++) {
      const ids = await this.candidates(serviceKeys(service).targets, ttlMs);
      if (ids.length === 0) break;
      forgotten += await runScript<number>(this.redis, 'expireTargets', expireTargetsKeys(service, ids), [ttlMs, ...ids]);
      if (ids.length < this.batchSize) break;
    }
    return forgotten;
  }

  async expireKeys(service: string, retentionMs: number): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < this.maxBatches; batch++) {
      const keys = await this.candidates(serviceKeys(service).seen, retentionMs);
      if (keys.length === 0) break;
      deleted += await runScript<number>(this.redis, 'expireKeys', expireKeysKeys(service, keys), [retentionMs, ...keys]);
      if (keys.length < this.batchSize) break;
    }
    return deleted;
  }

  private async candidates(zset: string, ageMs: number): Promise<string[]> {
    const [seconds, micros] = await this.redis.time();
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return this.redis.zrangebyscore(zset, '-inf', nowMs - ageMs, 'LIMIT', 0, this.batchSize);
  }
}
