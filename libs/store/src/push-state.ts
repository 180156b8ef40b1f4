import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushKeys } from './keys';
import type { RedisClient } from './redis-client';

/** One aggregate of a push, normalized; occurrences newest first, each already wire JSON. */
export interface PushedAggregate {
  key: string;
  totalCount: number;
  severity: string;
  createdAtMs: number;
  occurrences: Array<{ uuid: string; timestampMs: number; json: string }>;
}

export interface PushRequest {
  /** Who pushed: the job label and the client's target_uuid (see PushState.jobId). */
  jobId: string;
  aggregates: PushedAggregate[];
  nowMs: number;
}

export interface PushResult {
  counted: number;
  grew: number;
  droppedIdleKeys: number;
}

export interface PushStateSettings {
  /** A pushing job silent this long is forgotten (its last counts expire). */
  jobIdleMs: number;
  /** A key no push reported this long is dropped from the export. */
  keyIdleMs: number;
  /** Occurrences kept per key. */
  samplesPerKey: number;
  /** Separates independent gateways on one Redis (default: none). */
  namespace?: string;
}

/** What `GET /-/errors` shows: the aggregates with their samples, oldest first. */
export interface PushedState {
  targetUuid: string;
  aggregates: Array<{ key: string; totalCount: number; severity: string; createdAtMs: number; occurrences: string[] }>;
}

const SCRIPT = 'push-errors-4.lua';
const COMMAND = 'pushErrors';

type ScriptedRedis = RedisClient & { [COMMAND](...args: Array<string | number>): Promise<[number, number, number]> };

/**
 * The pushgateway's state in Redis, so any number of gateway replicas agree: exact counts per
 * pushing job (last total_count per key, growth added), samples deduplicated by uuid, idle jobs
 * and keys forgotten. Every key is built by keys.ts and carries the `{push}` hash tag.
 */
export class PushState {
  private readonly keys: ReturnType<typeof pushKeys>;
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly settings: PushStateSettings,
  ) {
    if (typeof (redis as unknown as Record<string, unknown>)[COMMAND] !== 'function') {
      redis.defineCommand(COMMAND, { numberOfKeys: 4, lua: readFileSync(join(__dirname, 'lua', SCRIPT), 'utf8') });
    }
    this.redis = redis as ScriptedRedis;
    this.keys = pushKeys(settings.namespace);
  }

  /** A job is its label and the client's target_uuid (one per process): either may be empty. */
  static jobId(job: string, targetUuid: string | null): string {
    return `${job}/${targetUuid ?? ''}`;
  }

  async push(request: PushRequest): Promise<PushResult> {
    const args: Array<string | number> = [request.nowMs, this.settings.jobIdleMs, this.settings.keyIdleMs, this.settings.samplesPerKey, request.aggregates.length];
    for (const a of request.aggregates) {
      args.push(a.key, a.totalCount, a.severity, a.createdAtMs, a.occurrences.length);
      for (const o of a.occurrences) args.push(o.uuid, o.timestampMs, o.json);
    }
    const k = this.keys;
    const [counted, grew, droppedIdleKeys] = await this.redis[COMMAND](k.aggregates, k.samples, k.keySeen, k.job(request.jobId), ...args);
    return { counted, grew, droppedIdleKeys };
  }

  /** The gateway's target_uuid: made once, shared by every replica through Redis. */
  async targetUuid(): Promise<string> {
    await this.redis.set(this.keys.targetUuid, randomUUID(), 'NX');
    return (await this.redis.get(this.keys.targetUuid))!;
  }

  async read(nowMs: number): Promise<PushedState> {
    const targetUuid = await this.targetUuid();
    const live = await this.redis.zrangebyscore(this.keys.keySeen, nowMs - this.settings.keyIdleMs, '+inf');
    if (live.length === 0) return { targetUuid, aggregates: [] };
    const [metas, samples] = await Promise.all([this.redis.hmget(this.keys.aggregates, ...live), this.redis.hmget(this.keys.samples, ...live)]);
    const aggregates: PushedState['aggregates'] = [];
    live.forEach((key, i) => {
      if (!metas[i]) return; // reported, but never with a count above zero
      const meta = JSON.parse(metas[i]!) as { c: number; s: string; f: number };
      const list = samples[i] ? (JSON.parse(samples[i]!) as unknown) : [];
      const occurrences = Array.isArray(list) ? (list as Array<{ j: string }>).map((s) => s.j) : [];
      aggregates.push({ key, totalCount: meta.c, severity: meta.s, createdAtMs: meta.f, occurrences });
    });
    return { targetUuid, aggregates };
  }

  /** Whether a job's counts are still remembered (for tests and diagnostics). */
  async knowsJob(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.job(jobId))) === 1;
  }
}
