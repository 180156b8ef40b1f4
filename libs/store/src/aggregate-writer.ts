import type { NormalizedAggregate, NormalizedPayload } from '@periskop/wire';
import { mergePayloadKeys, resolveErrorKeys, SERVICES_KEY, serviceKeys, touchTargetKeys } from './keys';
import type { RedisClient } from './redis-client';
import { ArgumentPacker } from './packed-arguments';
import { registerScripts, runScript, ScriptReply } from './scripts';
import { encodeHealth, TargetHealthRecord } from './target-health';
import { TargetIdHints } from './target-id-hints';

export interface MergeRequest {
  service: string;
  /** Address the target was scraped at (host:port). */
  address: string;
  /** The scraped URL: the target's identity when its client sends no target_uuid. */
  url: string;
  /** The scheduler's cycle of the job: an order token that only grows per service. */
  cycle: number;
  payload: NormalizedPayload;
  health: TargetHealthRecord;
  sampleCap: number;
  targetTtlMs: number;
  /** aggregation.limits.max_keys_per_service: new keys past it are refused. */
  maxKeys: number;
  /** Digest of the raw body (and the settings that shaped the payload): kept with the health after a clean merge. */
  bodyDigest?: string;
  /** The target's values of aggregation.breakdown_labels (labels it lacks or leaves empty are left out). */
  breakdown?: Record<string, string>;
  /** Values kept per breakdown label (aggregation.breakdown_values); the rest count as "other". */
  breakdownCap?: number;
  /**
   * The counter identity of the target's last merge, as its health records it (see TouchResult):
   * null when the target has no health at all. When it is not the payload's identity (a target
   * seen for the first time, or a restarted client with a new uuid), every key of the payload is
   * new to that identity and needs its samples, so they go with the first call instead of after a
   * counts-only round. Undefined (not known): counts first.
   */
  lastTargetId?: string | null;
}

/** A scrape whose body may be the one last merged for its target (see `touchUnchanged`). */
export interface TouchRequest {
  service: string;
  address: string;
  cycle: number;
  targetTtlMs: number;
  bodyDigest: string;
  /** Wall time of the scrape so far (the health's durationMs). */
  durationMs: number;
}

/**
 * `touched`: the body was the last merged one, the target was refreshed and nothing parsed;
 * `stale`: it was, but an older cycle than the target's last merge (nothing written);
 * `changed`: another body (or none recorded): parse and merge it.
 */
export interface TouchResult {
  status: 'touched' | 'stale' | 'changed';
  /** Aggregates the unchanged payload carries (from the health of its merge). */
  aggregates: number;
  /**
   * `changed` only: the counter identity of the target's last clean merge, null when the target
   * has no health at all (never scraped), undefined when its health names none (a failure, or a
   * merge that refused keys). Passed on as MergeRequest.lastTargetId.
   */
  lastTargetId?: string | null;
}

export type MergeEvent = 'new' | 'regression';

export interface KeyDelta {
  key: string;
  delta: number;
  severity: string;
  /** `new`: first sight of the key in the service; `regression`: a resolved key grew. */
  event: MergeEvent | null;
}

export interface RefusedAggregate {
  key: string;
  /** `count_overflow`: the sum would pass 2^53−1; `key_cap`: the service has max_keys_per_service keys. */
  reason: 'count_overflow' | 'key_cap';
}

export interface MergeResult {
  /** `stale`: a payload of an older cycle than the last one merged for this target; nothing changed. */
  status: 'ok' | 'stale';
  /** The counter identity the payload was merged under. */
  targetId: string;
  keysChanged: number;
  /** Keys whose count grew, by how much (feeds periskop_error_occurrences and notifications). */
  deltas: KeyDelta[];
  refused: RefusedAggregate[];
  /** Script calls the merge took (chunks, and the rounds that send samples). */
  calls: number;
  /** Redis's time of the (last) merge call: the target's last scrape time in its health. */
  mergedAtMs: number | null;
}

/** Bounds of one script call: Redis is single-threaded, so no call may hold it long. */
export interface ChunkLimits {
  aggregates: number;
  /** Approximate bytes of arguments per call; a single aggregate larger than this goes alone. */
  bytes: number;
}

/** Values kept per breakdown label when the caller names no cap. */
export const DEFAULT_BREAKDOWN_VALUES = 10;

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { aggregates: 200, bytes: 1024 * 1024 };

/**
 * A target's counter identity: (address, target_uuid), or its URL when the client sends no uuid.
 * Two processes sharing one uuid at different addresses are two counters; one process is one.
 */
export function targetIdentity(address: string, url: string, targetUuid: string | null): string {
  return targetUuid ? `${targetUuid}@${address}` : url;
}

/** The target as shown to people: its uuid, or its URL. */
export function displayTarget(targetId: string, address: string | null): string {
  return address && targetId.endsWith(`@${address}`) ? targetId.slice(0, -(address.length + 1)) : targetId;
}

/** Every write to a service's aggregates: bounded Lua calls per scraped payload, plus resolve. */
export class AggregateWriter {
  private readonly redis: RedisClient;
  private readonly targetIds = new TargetIdHints();

  constructor(
    redis: RedisClient,
    private readonly limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
  ) {
    this.redis = registerScripts(redis);
  }

  /**
   * Merges a payload in chunks of at most `limits.aggregates` keys (see merge-payload-n.lua for
   * why chunks keep exactly-once). Most keys of a scraped payload did not grow since the last
   * scrape, and only keys that grew touch samples. So each chunk first goes with counts only; the
   * script answers `need` with the keys whose samples it wants and writes nothing; those samples
   * then go in calls bounded by `limits.bytes`. A further `need` (the keys changed between the two
   * calls) sends every sample of that call. A target identity merged for the first time (see
   * MergeRequest.lastTargetId) skips the counts-only call: its samples go at once, one call per
   * chunk unless the bytes split it. The target's health is written once, at the end.
   */
  async merge(request: MergeRequest): Promise<MergeResult> {
    const targetId = targetIdentity(request.address, request.url, request.payload.targetUuid);
    const result: MergeResult = { status: 'ok', targetId, keysChanged: 0, deltas: [], refused: [], calls: 0, mergedAtMs: null };
    // A count beyond 2^53−1 cannot be held exactly: refused here, on its own.
    const aggregates = request.payload.aggregates.filter((a) => {
      const exact = Number.isSafeInteger(a.totalCount) && a.totalCount >= 0;
      if (!exact) result.refused.push({ key: a.key, reason: 'count_overflow' });
      return exact;
    });
    // A target identity with no counts yet: every key grows, so counts-only would only hear `need` for all of them.
    const samplesFirst = request.lastTargetId !== undefined && request.lastTargetId !== targetId;
    for (let start = 0; start < aggregates.length || start === 0; start += this.limits.aggregates) {
      const chunk = aggregates.slice(start, start + this.limits.aggregates);
      if ((await this.mergeChunk(request, targetId, chunk, result, samplesFirst)) === 'stale') {
        result.status = 'stale';
        return result;
      }
    }
    const refusals = result.refused.map((r) => `${r.key}: ${r.reason === 'key_cap' ? `refused, the service has max_keys_per_service keys` : 'refused, its count would pass 2^53-1'}`);
    // The health's time is Redis's too: a scraper with a wrong clock shows no scrape in the future.
    const health: TargetHealthRecord = { ...request.health, lastScrapeMs: result.mergedAtMs ?? request.health.lastScrapeMs, refused: [...request.health.refused, ...refusals] };
    // Stored only now, after every chunk merged (exactly-once), and only when nothing was refused:
    // a refused key may be taken later (the cap freed), so that body must be merged again.
    const clean = request.bodyDigest !== undefined && result.refused.length === 0;
    if (clean) Object.assign(health, { bodyDigest: request.bodyDigest, targetId });
    await this.redis.hset(serviceKeys(request.service).health, request.address, encodeHealth(health));
    // The next unchanged scrape of this target by this process is then one call (see touchUnchanged).
    if (clean) this.targetIds.remember(request.service, request.address, targetId);
    return result;
  }

  private async mergeChunk(request: MergeRequest, targetId: string, chunk: NormalizedAggregate[], result: MergeResult, samplesFirst: boolean): Promise<'ok' | 'stale'> {
    let wanted: Set<string>;
    if (samplesFirst && chunk.length > 0) {
      wanted = new Set(chunk.map((a) => a.key));
    } else {
      const reply = await this.call(request, targetId, chunk, new Set(), result);
      if (reply.status !== 'need') return this.collect(reply, result);
      wanted = new Set(reply.keys);
    }
    let reply: ChunkReply;
    for (const part of this.bySize(chunk, wanted, request.sampleCap)) {
      reply = await this.call(request, targetId, part, wanted, result);
      if (reply.status === 'need') reply = await this.call(request, targetId, part, new Set(part.map((a) => a.key)), result);
      if (reply.status === 'need') throw new Error(`merge-payload asked again for samples it was sent (${reply.keys.slice(0, 3).join(', ')})`);
      if (this.collect(reply, result) === 'stale') return 'stale';
    }
    return 'ok';
  }

  /** Splits a chunk so the samples each call carries stay within the byte budget. */
  private *bySize(chunk: NormalizedAggregate[], withSamples: ReadonlySet<string>, sampleCap: number): Generator<NormalizedAggregate[]> {
    let part: NormalizedAggregate[] = [];
    let bytes = 0;
    for (const aggregate of chunk) {
      const size = withSamples.has(aggregate.key) ? sampleBytes(aggregate, sampleCap) : 0;
      if (part.length > 0 && bytes + size > this.limits.bytes) {
        yield part;
        part = [];
        bytes = 0;
      }
      part.push(aggregate);
      bytes += size + aggregate.key.length + 32;
    }
    if (part.length > 0) yield part;
  }

  private async call(request: MergeRequest, targetId: string, aggregates: NormalizedAggregate[], withSamples: ReadonlySet<string>, result: MergeResult): Promise<ChunkReply> {
    result.calls += 1;
    const keys = mergePayloadKeys(
      request.service,
      targetId,
      aggregates.map((a) => a.key),
    );
    const reply = await runScript(this.redis, 'mergePayload', keys, forEncoding(mergeArguments(request, targetId, aggregates, withSamples)));
    return parseReply(reply);
  }

  private collect(reply: ChunkReply, result: MergeResult): 'ok' | 'stale' {
    if (reply.status === 'stale') return 'stale';
    if (reply.status === 'need') throw new Error('merge-payload: a need reply cannot be collected');
    result.keysChanged += reply.keysChanged;
    result.deltas.push(...reply.deltas);
    result.refused.push(...reply.refused);
    result.mergedAtMs = reply.nowMs;
    return 'ok';
  }

  /**
   * The cheap path for a body that did not change since its target's last merge: one call of
   * touch-target-n.lua, which compares the digest the target's health carries and, when it is the
   * same, refreshes the target's liveness as a merge of that body would, without the body ever
   * being parsed or sent. The script must be handed the counts key of the identity the health
   * names; this process remembers it per target (TargetIdHints), and a target it has not checked
   * yet, or whose identity changed, costs one more call.
   */
  async touchUnchanged(request: TouchRequest): Promise<TouchResult> {
    let expected = this.targetIds.get(request.service, request.address);
    for (let call = 0; call < 2; call++) {
      const reply = await runScript<ScriptReply>(this.redis, 'touchTarget', touchTargetKeys(request.service, expected), [
        expected ?? '',
        request.address,
        request.cycle,
        request.targetTtlMs,
        request.bodyDigest,
        Math.max(0, Math.round(request.durationMs)),
        JSON.stringify(expected ?? ''),
      ]);
      const status = String(reply[0]);
      if (status === 'ok') return { status: 'touched', aggregates: Number(reply[2]) };
      if (status === 'stale') return { status, aggregates: 0 };
      if (status === 'changed') {
        if (reply.length < 2) return { status, aggregates: 0, lastTargetId: null };
        const lastTargetId = String(reply[1]) || undefined;
        // Most changed bodies come from the same identity: its hint serves the next unchanged one.
        if (lastTargetId) this.targetIds.remember(request.service, request.address, lastTargetId);
        return { status, aggregates: 0, lastTargetId };
      }
      if (status !== 'retarget') break;
      expected = String(reply[1]);
      this.targetIds.remember(request.service, request.address, expected);
    }
    throw new Error(`touch-target: no answer to act on for ${request.address} (its identity changed during the check, or an unexpected reply)`);
  }

  /** Records a scrape that produced nothing to merge (refused, timeout, bad JSON, failed merge), at Redis's time. */
  async recordFailure(service: string, address: string, health: TargetHealthRecord): Promise<void> {
    const [seconds, micros] = await this.redis.time();
    const lastScrapeMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    await this.redis.hset(serviceKeys(service).health, address, encodeHealth({ ...health, lastScrapeMs }));
  }

  /** Resolves a key (at Redis's time); false when the service has no such key. */
  async resolve(service: string, key: string): Promise<boolean> {
    return (await runScript<number>(this.redis, 'resolveError', resolveErrorKeys(service, key), [key])) === 1;
  }

  /** Registers configured services so `GET /services/` lists them before their first error. */
  async registerServices(services: string[]): Promise<void> {
    if (services.length > 0) await this.redis.sadd(SERVICES_KEY, services);
  }

  /** New keys refused so far because the service reached max_keys_per_service. */
  async keysRefused(service: string): Promise<number> {
    return Number((await this.redis.get(serviceKeys(service).keysRefused)) ?? 0);
  }
}

type ChunkReply = { status: 'need'; keys: string[] } | { status: 'stale' } | { status: 'ok'; keysChanged: number; deltas: KeyDelta[]; refused: RefusedAggregate[]; nowMs: number };

function parseReply(reply: ScriptReply): ChunkReply {
  const [status, keysChanged, changed, refused, nowMs] = reply as [string, number, Array<string | number>, string[], number];
  if (status === 'need') return { status, keys: changed.map(String) };
  if (status === 'stale') return { status };
  const deltas: KeyDelta[] = [];
  for (let i = 0; i < changed.length; i += 4) {
    const event = String(changed[i + 3]);
    deltas.push({ key: String(changed[i]), delta: Number(changed[i + 1]), severity: String(changed[i + 2]), event: event === '' ? null : (event as MergeEvent) });
  }
  const refusedList: RefusedAggregate[] = [];
  for (let i = 0; i < refused.length; i += 2) refusedList.push({ key: refused[i], reason: refused[i + 1] as RefusedAggregate['reason'] });
  return { status: 'ok', keysChanged: Number(keysChanged), deltas, refused: refusedList, nowMs: Number(nowMs) };
}

function sampleBytes(aggregate: NormalizedAggregate, sampleCap: number): number {
  let bytes = 0;
  const n = Math.min(aggregate.occurrences.length, sampleCap);
  for (let i = 0; i < n; i++) {
    const o = aggregate.occurrences[i];
    bytes += o.uuid.length + o.json.length + o.errorClass.length + o.message.length + o.searchText.length + 24;
  }
  return bytes;
}

/** From this many characters of arguments on, a call is sent in ioredis's buffer mode (see forEncoding). */
export const BUFFER_MODE_CHARS = 128 * 1024;

/**
 * The same arguments, arranged so ioredis encodes a large call cheaply. ioredis joins a call of
 * strings into one string that the socket then writes as UTF-8; from 128 KB on, that string is a
 * fresh large object for V8 each time (≈2.0 vs 1.3 ms for a 214 KB call, 6–7 vs 4.5–5.4 ms for
 * 640 KB, measured on the bench machine). Any Buffer argument makes ioredis write every argument
 * into one buffer instead; the script receives the same bytes. Below the threshold strings are
 * cheaper, and are kept.
 */
export function forEncoding(args: Array<string | number | Buffer>): Array<string | number | Buffer> {
  let chars = 0;
  for (const arg of args) chars += typeof arg === 'string' ? arg.length : 8;
  if (chars < BUFFER_MODE_CHARS || typeof args[0] !== 'string') return args;
  const encoded: Array<string | number | Buffer> = args.slice();
  encoded[0] = Buffer.from(args[0]);
  return encoded;
}

/**
 * Builds one call's ARGV (see merge-payload-n.lua's header) with push, never spread: one packed
 * argument per aggregate and one per sample (see packed-arguments.ts), as Buffers, so ioredis
 * writes every merge call in its buffer mode (forEncoding, kept for calls of strings only, changes
 * nothing here). Aggregates not in `withSamples` go without their samples (sample count -1).
 */
export function mergeArguments(request: MergeRequest, targetId: string, aggregates: readonly NormalizedAggregate[], withSamples: ReadonlySet<string>): Array<string | number | Buffer> {
  const packer = new ArgumentPacker();
  const args: Array<string | number | Buffer> = [
    targetId,
    request.address,
    request.cycle,
    request.sampleCap,
    request.targetTtlMs,
    request.payload.targetUuid ? '1' : '0',
    request.maxKeys,
    aggregates.length,
  ];
  for (const aggregate of aggregates) {
    if (!withSamples.has(aggregate.key)) {
      args.push(packer.aggregate(aggregate, -1));
      continue;
    }
    // The script keeps at most sampleCap per key, so sending more would only cost bytes.
    const n = Math.min(aggregate.occurrences.length, request.sampleCap);
    args.push(packer.aggregate(aggregate, n));
    let previousSearch: string | undefined;
    for (let i = 0; i < n; i++) {
      const o = aggregate.occurrences[i];
      args.push(packer.sample(o, previousSearch));
      previousSearch = o.searchText;
    }
  }
  const breakdown = Object.entries(request.breakdown ?? {}).filter(([, value]) => value !== '');
  if (breakdown.length > 0) {
    args.push(request.breakdownCap ?? DEFAULT_BREAKDOWN_VALUES, breakdown.length);
    for (const [label, value] of breakdown) args.push(label, value);
  }
  return args;
}
