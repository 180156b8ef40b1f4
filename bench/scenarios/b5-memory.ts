import Redis from 'ioredis';
import { AggregateWriter, Retention, healthOfMergedScrape } from '@periskop/store';
import { normalizePayload } from '@periskop/wire';
import type { FleetShape } from '../fleet/fleet-shape';
import { FleetState } from '../fleet/fleet-state';
import { log, mb, round } from '../support/measure';
import { resetRedis, usedMemory } from '../support/redis';

export interface B5Result {
  keys: number;
  samples_per_key: number;
  target_expiry_cycles: number;
  /** Redis used_memory of one service (MB) after 2 cycles of a fleet of that many instances. */
  by_instances: Array<{ instances: number; mb: number; redis_keys: number }>;
  /** At the largest fleet, after each churn cycle (every instance restarted with a new uuid). */
  churn_mb: number[];
  /** max / min of churn_mb once expiry runs (from cycle target_expiry_cycles + 1 on). */
  churn_spread: number;
}

const SERVICE = 'bench-b5';
const INTERVAL_MS = 60_000;

/**
 * B5, memory: Redis `used_memory` of one service merged through AggregateWriter (the scraper's
 * merge path) at growing fleet sizes, then while the largest fleet churns. Cycles follow each
 * other without waiting for real intervals; target expiry runs as the scheduler's sweep does,
 * on Redis time, forgetting targets not merged in the last `expiryCycles` cycles.
 */
export async function runB5(
  redisUrl: string,
  admin: Redis,
  shape: Omit<FleetShape, 'instances'>,
  options: { sizes: number[]; churnCycles: number; expiryCycles: number; pipelined: number },
): Promise<B5Result> {
  const redis = new Redis(redisUrl);
  const writer = new AggregateWriter(redis);
  const retention = new Retention(redis);
  const cycleStarts: number[] = [];
  const redisNowMs = async () => {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };
  const byInstances: B5Result['by_instances'] = [];
  const churn: number[] = [];
  const ttl = options.expiryCycles * INTERVAL_MS;
  try {
    let state: FleetState | null = null;
    let clock = Date.now();
    for (const instances of options.sizes) {
      await resetRedis(admin);
      const empty = await usedMemory(admin);
      clock = Date.now();
      state = new FleetState({ ...shape, instances }, 11, clock - 3_600_000);
      for (let c = 0; c < 2; c++, clock += INTERVAL_MS) await cycle(writer, state, clock, ttl, options.pipelined);
      const used = (await usedMemory(admin)) - empty;
      byInstances.push({ instances, mb: round(mb(used), 1), redis_keys: await admin.dbsize() });
      log(`B5 ${instances} instances: ${round(mb(used), 1)} MB`);
      if (instances === options.sizes[options.sizes.length - 1]) {
        for (let c = 0; c < options.churnCycles; c++, clock += INTERVAL_MS) {
          state.restartAll(clock - 1_000);
          cycleStarts.push(await redisNowMs());
          await cycle(writer, state, clock, ttl, options.pipelined);
          if (c >= options.expiryCycles) await retention.expireTargets(SERVICE, (await redisNowMs()) - cycleStarts[c - options.expiryCycles]);
          churn.push(round(mb((await usedMemory(admin)) - empty), 1));
          log(`B5 churn cycle ${c + 1}: ${churn[churn.length - 1]} MB`);
        }
      }
    }
    const settled = churn.slice(options.expiryCycles);
    return {
      keys: shape.keys,
      samples_per_key: shape.samplesPerKey,
      target_expiry_cycles: options.expiryCycles,
      by_instances: byInstances,
      churn_mb: churn,
      churn_spread: settled.length > 0 ? round(Math.max(...settled) / Math.min(...settled), 3) : NaN,
    };
  } finally {
    redis.disconnect();
  }
}

async function cycle(writer: AggregateWriter, state: FleetState, fetchedAtMs: number, targetTtlMs: number, pipelined: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < state.shape.instances) {
      const i = next++;
      const payload = normalizePayload(state.scrape(i), fetchedAtMs);
      const address = `b5-${i}:7777`;
      await writer.merge({
        service: SERVICE,
        address,
        url: `http://${address}/errors`,
        cycle: fetchedAtMs,
        payload,
        health: healthOfMergedScrape(payload, fetchedAtMs, 1),
        sampleCap: 100,
        targetTtlMs,
        maxKeys: 1_000_000,
      });
    }
  };
  await Promise.all(Array.from({ length: pipelined }, lane));
}
