import type Redis from 'ioredis';
import { serviceKeys } from '@periskop/store';
import { sleep } from '../../test/harness/wait';

export interface CycleTiming {
  cycle: number;
  startMs: number;
  endMs: number;
  seconds: number;
  merged: number;
  complete: boolean;
}

/**
 * Watches a service's scrape cycles in Redis, cheaply enough to poll every few ms:
 * - a cycle starts when a scheduler claims it (`<prefix>cycle` is a hash whose `cycle` field is the cycle's boundary in ms
 *   on Redis's clock, a multiple of the interval; the very first one runs when the scheduler starts);
 * - a target is merged in that cycle when its last merged fetch (`<prefix>targets`, scored by
 *   fetch start) is at or after the cycle's start: ZCOUNT is O(log n);
 * - the cycle is complete when every expected target was merged; its end is the poll that saw it
 *   (resolution `pollMs`).
 */
export class CycleWatch {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    service: string,
    private readonly intervalMs: number,
    private readonly pollMs = 20,
  ) {
    this.keys = serviceKeys(service);
  }

  async claimedCycle(): Promise<number | null> {
    const v = await this.redis.hget(this.keys.cycle, 'cycle');
    return v === null ? null : Number(v);
  }

  /** Waits until a cycle after `after` is claimed; returns it and when it was seen. */
  async nextCycle(after: number | null, timeoutMs: number): Promise<{ cycle: number; seenMs: number }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const c = await this.claimedCycle();
      if (c !== null && (after === null || c > after)) return { cycle: c, seenMs: Date.now() };
      await sleep(this.pollMs);
    }
    throw new Error(`no new cycle claimed within ${timeoutMs} ms`);
  }

  /**
   * Polls until `expected` targets were merged at or after `startMs` (or the deadline). A target
   * still waiting when the next cycle starts is not enqueued twice, so it completes this cycle.
   */
  async completion(cycle: number, startMs: number, expected: number, timeoutMs: number): Promise<CycleTiming> {
    const deadline = Date.now() + timeoutMs;
    let lastReport = 0;
    for (;;) {
      const merged = await this.redis.zcount(this.keys.targets, startMs, '+inf');
      const now = Date.now();
      if (process.env.BENCH_DEBUG && now - lastReport >= 250) {
        lastReport = now;
        process.stderr.write(`  cycle ${cycle}: ${merged}/${expected} merged after ${now - startMs} ms\n`);
      }
      if (merged >= expected) return { cycle, startMs, endMs: now, seconds: (now - startMs) / 1000, merged, complete: true };
      if (now > deadline) {
        return { cycle, startMs, endMs: now, seconds: (now - startMs) / 1000, merged, complete: false };
      }
      await sleep(this.pollMs);
    }
  }

  /** Start of a boundary-scheduled cycle (the claim stores the boundary itself). */
  boundaryMs(cycle: number): number {
    return cycle;
  }

  /** The boundary of the cycle that is current at `ms`. */
  cycleAt(ms: number): number {
    return Math.floor(ms / this.intervalMs) * this.intervalMs;
  }
}
