import { claimCycleKeys } from './keys';
import type { RedisClient } from './redis-client';
import { registerScripts, runScript } from './scripts';

/** The answer of one claim attempt (claim-cycle-1.lua). */
export interface CycleClaim {
  /** True when this claimant won the boundary and must enqueue its jobs. */
  claimed: boolean;
  /**
   * The boundary in ms on Redis's clock: the cycle's token for the jobs. It only grows per
   * service, also across interval changes and schedulers with wrong clocks.
   */
  cycle: number;
  /** Ms until the next boundary of this interval on Redis's clock, as the claim answered. */
  nextInMs: number;
}

/** Lets any number of scheduler replicas agree, on Redis's clock, on who enqueues each service's cycle. */
export class CycleClaims {
  private readonly redis: RedisClient;

  constructor(
    redis: RedisClient,
    private readonly claimant: string,
  ) {
    this.redis = registerScripts(redis);
  }

  /** Claims the service's current boundary (Redis TIME floored to `refreshIntervalMs`). */
  async claim(service: string, refreshIntervalMs: number): Promise<CycleClaim> {
    const ttlMs = Math.max(refreshIntervalMs * 10, 60_000);
    const [claimed, cycle, nextInMs] = await runScript<[number, string, number]>(this.redis, 'claimCycle', claimCycleKeys(service), [Math.max(1, Math.round(refreshIntervalMs)), this.claimant, ttlMs]);
    return { claimed: Number(claimed) === 1, cycle: Number(cycle), nextInMs: Number(nextInMs) };
  }
}
