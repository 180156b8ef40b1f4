import type { RedisClient } from './redis-client';
import { serviceKeys } from './keys';

/** Who resolved a key last, and when (Unix ms). */
export interface Resolution {
  by: string;
  at: number;
}

/**
 * Who resolved what: one small hash per service, a field per aggregation key. It lives as long
 * as the service's aggregates are kept (`aggregation.key_retention` after the last resolve).
 */
export class ResolutionLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly retentionMs: number,
  ) {}

  async record(service: string, key: string, by: string, atMs = Date.now()): Promise<void> {
    const hash = serviceKeys(service).resolutions;
    await this.redis
      .multi()
      .hset(hash, key, JSON.stringify({ by, at: atMs }))
      .pexpire(hash, this.retentionMs)
      .exec();
  }

  async last(service: string, key: string): Promise<Resolution | null> {
    const raw = await this.redis.hget(serviceKeys(service).resolutions, key);
    if (raw === null) return null;
    try {
      const parsed = JSON.parse(raw) as Resolution;
      return typeof parsed.by === 'string' && typeof parsed.at === 'number' ? parsed : null;
    } catch {
      return null;
    }
  }
}
