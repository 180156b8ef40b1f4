import Redis from 'ioredis';
import { normalizePayload, WirePayload } from '@periskop/wire';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { AggregateReader } from '../aggregate-reader';
import { AggregateWriter, ChunkLimits, DEFAULT_CHUNK_LIMITS, MergeResult } from '../aggregate-writer';
import { Retention } from '../retention';
import { healthOfMergedScrape } from '../target-health';

export interface FixtureMerge {
  address?: string;
  /** The job's cycle (order token); defaults to a number that grows with every merge. */
  cycle?: number;
  url?: string;
  /** The target's breakdown label values. */
  breakdown?: Record<string, string>;
  /** What the target's health says of its last merge (see MergeRequest.lastTargetId); not known when absent. */
  lastTargetId?: string | null;
}

/** A writer and reader on the test redis-server, scoped to a fresh service name. */
export class StoreFixture {
  readonly redis = new Redis(testRedisUrl());
  readonly writer: AggregateWriter;
  readonly reader = new AggregateReader(this.redis);
  readonly retention = new Retention(this.redis);
  readonly service = uniqueName('svc');
  sampleCap = 100;
  targetTtlMs = 60_000;
  maxKeys = 10_000;
  breakdownCap = 10;
  private nextCycle = 1;

  constructor(limits: ChunkLimits = DEFAULT_CHUNK_LIMITS) {
    this.writer = new AggregateWriter(this.redis, limits);
  }

  merge(body: WirePayload | string, options: FixtureMerge = {}): Promise<MergeResult> {
    const cycle = options.cycle ?? this.nextCycle;
    this.nextCycle = Math.max(this.nextCycle, cycle) + 1;
    const address = options.address ?? '127.0.0.1:7777';
    const fetchedAtMs = Date.now();
    const normalized = normalizePayload(body, fetchedAtMs);
    return this.writer.merge({
      service: this.service,
      address,
      url: options.url ?? `http://${address}/errors`,
      cycle,
      payload: normalized,
      health: healthOfMergedScrape(normalized, fetchedAtMs, 1),
      sampleCap: this.sampleCap,
      targetTtlMs: this.targetTtlMs,
      maxKeys: this.maxKeys,
      breakdown: options.breakdown,
      lastTargetId: options.lastTargetId,
      breakdownCap: this.breakdownCap,
    });
  }

  async count(key: string): Promise<number | undefined> {
    return (await this.reader.aggregate(this.service, key))?.c;
  }

  async sampleUuids(key: string): Promise<string[]> {
    const samples = (await this.reader.samples(this.service, [key], 1000)).get(key) ?? [];
    return samples.map((json) => JSON.parse(json).uuid);
  }

  close(): Promise<'OK'> {
    return this.redis.quit();
  }
}
