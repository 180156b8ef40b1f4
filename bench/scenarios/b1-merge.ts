import Redis from 'ioredis';
import { AggregateWriter, encodeHealth, healthOfMergedScrape, MergeRequest, serviceKeys } from '@periskop/store';
import { normalizePayload } from '@periskop/wire';
import type { FleetShape } from '../fleet/fleet-shape';
import { FleetState } from '../fleet/fleet-state';
import { commandStats, resetRedis } from '../support/redis';
import { log, round } from '../support/measure';

export interface B1Result {
  instances: number;
  keys: number;
  samples_per_key: number;
  pipelined: number;
  seconds: number;
  payloads_per_s: number;
  aggregates_per_s: number;
  /** Redis-side time per merge call (INFO commandstats evalsha usec_per_call). */
  redis_us_per_merge: number;
}

const SERVICE = 'bench-b1';

/**
 * B1, the merge ceiling: the Lua merge alone. Payloads of the same fleet shape are rendered and
 * normalized ahead of time, then merged through AggregateWriter with `pipelined` calls in flight
 * (ioredis pipelines them on one connection). A first, untimed cycle creates the targets; the
 * timed cycles are steady state (only grown keys carry new samples), as in B2.
 */
export async function runB1(redisUrl: string, admin: Redis, shape: FleetShape, options: { cycles: number; pipelined: number; baselineLua?: string }): Promise<B1Result> {
  await resetRedis(admin);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const writer = options.baselineLua ? baselineWriter(redis, options.baselineLua) : new AggregateWriter(redis);
  const state = new FleetState(shape, 7);
  try {
    await mergeCycle(writer, prepareCycle(state), options.pipelined);
    let seconds = 0;
    let payloads = 0;
    let aggregates = 0;
    await admin.config('RESETSTAT');
    for (let c = 0; c < options.cycles; c++) {
      const requests = prepareCycle(state);
      const started = performance.now();
      await mergeCycle(writer, requests, options.pipelined);
      seconds += (performance.now() - started) / 1000;
      payloads += requests.length;
      aggregates += requests.reduce((sum, r) => sum + r.payload.aggregates.length, 0);
    }
    const stats = await commandStats(admin);
    const result: B1Result = {
      instances: shape.instances,
      keys: shape.keys,
      samples_per_key: shape.samplesPerKey,
      pipelined: options.pipelined,
      seconds: round(seconds, 3),
      payloads_per_s: round(payloads / seconds, 1),
      aggregates_per_s: Math.round(aggregates / seconds),
      redis_us_per_merge: round(stats.evalsha?.usecPerCall ?? NaN, 1),
    };
    log(`B1 ${result.payloads_per_s} payloads/s, ${result.aggregates_per_s} aggregates/s, ${result.redis_us_per_merge} µs in Redis per merge`);
    return result;
  } finally {
    redis.disconnect();
  }
}

function prepareCycle(state: FleetState): MergeRequest[] {
  const requests: MergeRequest[] = [];
  for (let i = 0; i < state.shape.instances; i++) {
    const fetchedAtMs = Date.now();
    const payload = normalizePayload(state.scrape(i), fetchedAtMs);
    const address = `bench-${i}:7777`;
    requests.push({
      service: SERVICE,
      address,
      url: `http://${address}/errors`,
      cycle: fetchedAtMs,
      payload,
      health: healthOfMergedScrape(payload, fetchedAtMs, 1),
      sampleCap: 100,
      targetTtlMs: 30 * 10_000,
      maxKeys: 1_000_000,
    });
  }
  return requests;
}

interface Merger {
  merge(request: MergeRequest): Promise<unknown>;
}

/**
 * The merge as it was before the hot-path work: one call with every sample, the old script (one
 * declared key, the rest built in Lua; ARGV as that script's header describes).
 */
function baselineWriter(redis: Redis, lua: string): Merger {
  redis.defineCommand('mergePayloadBefore', { numberOfKeys: 1, lua });
  const call = (redis as unknown as Record<string, (key: string, args: Array<string | number>) => Promise<unknown>>).mergePayloadBefore.bind(redis);
  return { merge: (request) => call(serviceKeys(request.service).aggregates, legacyArguments(request)) };
}

function legacyArguments(request: MergeRequest): Array<string | number> {
  const targetId = request.payload.targetUuid ?? request.url;
  const args: Array<string | number> = [targetId, request.address, request.cycle, request.sampleCap, request.targetTtlMs, encodeHealth(request.health), request.payload.aggregates.length];
  for (const a of request.payload.aggregates) {
    args.push(a.key, a.totalCount, a.severity, a.createdAtMs, a.occurrences.length);
    for (const o of a.occurrences) args.push(o.uuid, o.timestampMs, o.json, o.errorClass, o.message, o.searchText);
  }
  return args;
}

async function mergeCycle(writer: Merger, requests: MergeRequest[], pipelined: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < requests.length) await writer.merge(requests[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(pipelined, requests.length) }, lane));
}
