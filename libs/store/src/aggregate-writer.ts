import type { NormalizedPayload } from '@periskop/wire';
import { SERVICES_KEY, serviceKeys } from './keys';
import type { RedisClient } from './redis-connection';
import { registerScripts, ScriptedRedis } from './scripts';
import { encodeHealth, TargetHealthRecord } from './target-health';

export interface MergeRequest {
  service: string;
  /** target_uuid, or the scraped URL when the client sends none. */
  targetId: string;
  address: string;
  fetchedAtMs: number;
  payload: NormalizedPayload;
  health: TargetHealthRecord;
  sampleCap: number;
  targetTtlMs: number;
}

export interface KeyDelta {
  key: string;
  delta: number;
  severity: string;
}

export interface MergeResult {
  /** `stale`: an older fetch than the last one merged for this target; nothing changed. */
  status: 'ok' | 'stale';
  keysChanged: number;
  /** Keys whose count grew, by how much (feeds periskop_error_occurrences). */
  deltas: KeyDelta[];
}

/** Every write to a service's aggregates: one Lua call per scraped payload, plus resolve. */
export class AggregateWriter {
  private readonly redis: RedisClient & ScriptedRedis;

  constructor(redis: RedisClient) {
    this.redis = registerScripts(redis);
  }

  /**
   * Most keys of a scraped payload did not grow since the last scrape, and only keys that grew
   * touch samples. So the first call carries counts only; the script answers `need` with the keys
   * whose samples it wants (their count grew, or the key is new) and writes nothing; the second
   * call carries just those samples. Redis receives a fraction of the bytes and the occurrences'
   * JSON of unchanged keys is never built. A third call with everything settles any change
   * between the two (the script re-checks; merges stay atomic and idempotent).
   */
  async merge(request: MergeRequest): Promise<MergeResult> {
    const keys = serviceKeys(request.service);
    let withheld: ReadonlySet<string> | 'all' = 'all';
    let reply = await this.redis.mergePayload(keys.aggregates, ...mergeArguments(request, withheld));
    for (let attempt = 0; reply[0] === 'need'; attempt++) {
      const needed = new Set(reply.slice(2).map(String));
      withheld = attempt === 0 ? new Set(request.payload.aggregates.map((a) => a.key).filter((k) => !needed.has(k))) : new Set<string>();
      reply = await this.redis.mergePayload(keys.aggregates, ...mergeArguments(request, withheld));
      if (attempt > 0 && reply[0] === 'need') throw new Error('merge-payload asked for samples it was sent');
    }
    const deltas: KeyDelta[] = [];
    for (let i = 2; i < reply.length; i += 3) {
      deltas.push({ key: String(reply[i]), delta: Number(reply[i + 1]), severity: String(reply[i + 2]) });
    }
    return { status: reply[0] === 'stale' ? 'stale' : 'ok', keysChanged: Number(reply[1]), deltas };
  }

  /** Records a scrape that produced nothing to merge (refused, timeout, bad JSON). */
  async recordFailure(service: string, address: string, health: TargetHealthRecord): Promise<void> {
    await this.redis.hset(serviceKeys(service).health, address, encodeHealth(health));
  }

  /** Resolves a key; false when the service has no such key. */
  async resolve(service: string, key: string, nowMs = Date.now()): Promise<boolean> {
    return (await this.redis.resolveError(serviceKeys(service).aggregates, key, nowMs)) === 1;
  }

  /** Registers configured services so `GET /services/` lists them before their first error. */
  async registerServices(services: string[]): Promise<void> {
    if (services.length > 0) await this.redis.sadd(SERVICES_KEY, ...services);
  }
}

/**
 * Flattens a payload into the script's ARGV layout (see merge-payload-1.lua's header). Keys in
 * `withheld` (every key for 'all') go without their samples (sample count -1).
 */
export function mergeArguments(request: MergeRequest, withheld: ReadonlySet<string> | 'all' = new Set()): Array<string | number> {
  const args: Array<string | number> = [
    request.targetId,
    request.address,
    request.fetchedAtMs,
    request.sampleCap,
    request.targetTtlMs,
    encodeHealth(request.health),
    request.payload.aggregates.length,
  ];
  for (const aggregate of request.payload.aggregates) {
    if (withheld === 'all' || withheld.has(aggregate.key)) {
      args.push(aggregate.key, aggregate.totalCount, aggregate.severity, aggregate.createdAtMs, -1);
      continue;
    }
    // The script keeps at most sampleCap per key, so sending more would only cost bytes.
    const occurrences = aggregate.occurrences.length > request.sampleCap ? aggregate.occurrences.slice(0, request.sampleCap) : aggregate.occurrences;
    args.push(aggregate.key, aggregate.totalCount, aggregate.severity, aggregate.createdAtMs, occurrences.length);
    for (const o of occurrences) args.push(o.uuid, o.timestampMs, o.json, o.errorClass, o.message, o.searchText);
  }
  return args;
}
