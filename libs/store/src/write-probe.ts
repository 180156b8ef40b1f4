import { readyProbeKey } from './keys';
import type { RedisClient } from './redis-client';

/**
 * Readiness needs Redis to take writes, not only to answer: out of memory under `noeviction`,
 * or a read-only replica, every merge and every BullMQ move fails while PING still says PONG.
 * A SET with a short TTL is refused in both cases (OOM / READONLY), and leaves nothing behind.
 */
export class WriteProbe {
  constructor(private readonly redis: RedisClient) {}

  async probe(app: string): Promise<void> {
    await this.redis.set(readyProbeKey(app), String(process.pid), 'PX', 10_000);
  }
}
