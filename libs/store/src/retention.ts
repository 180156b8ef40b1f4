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
 * keys it deletes and checks the condition again with TIME, so Redis is never held for more than
 * one batch. A sweep drains everything already obsolete, however much: a fixed number of batches
 * per sweep would forget fewer targets per cycle than a large fleet that restarts every cycle
 * creates, and its state would grow without end. It stops when a batch finds no more, or forgets
 * nothing (what it found was merged again meanwhile); `maxBatches` is only a guard.
 */
export class Retention {
  private readonly redis: RedisClient;

  constructor(
    redis: RedisClient,
    private readonly batchSize = 100,
    private readonly maxBatches = 100_000,
  ) {
    this.redis = registerScripts(redis);
  }

  async sweep(service: string, policy: RetentionPolicy): Promise<SweepResult> {
    return { targetsForgotten: await this.expireTargets(service, policy.targetTtlMs), keysDeleted: await this.expireKeys(service, policy.keyRetentionMs) };
  }

  async expireTargets(service: string, ttlMs: number): Promise<number> {
    return this.drain(serviceKeys(service).targets, ttlMs, (ids) => runScript<number>(this.redis, 'expireTargets', expireTargetsKeys(service, ids), [ttlMs, ...ids]));
  }

  async expireKeys(service: string, retentionMs: number): Promise<number> {
    return this.drain(serviceKeys(service).seen, retentionMs, (keys) => runScript<number>(this.redis, 'expireKeys', expireKeysKeys(service, keys), [retentionMs, ...keys]));
  }

  /** Batch after batch of the members of `zset` older than `ageMs`, each handed to `remove`. */
  private async drain(zset: string, ageMs: number, remove: (members: string[]) => Promise<number>): Promise<number> {
    let removed = 0;
    for (let batch = 0; batch < this.maxBatches; batch++) {
      const members = await this.candidates(zset, ageMs);
      if (members.length === 0) break;
      const now = await remove(members);
      removed += now;
      if (members.length < this.batchSize || now === 0) break;
    }
    return removed;
  }

  private async candidates(zset: string, ageMs: number): Promise<string[]> {
    const [seconds, micros] = await this.redis.time();
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return this.redis.zrangebyscore(zset, '-inf', nowMs - ageMs, 'LIMIT', 0, this.batchSize);
  }
}
