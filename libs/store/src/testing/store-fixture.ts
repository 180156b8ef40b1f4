import Redis from 'ioredis';
import { normalizePayload, WirePayload } from '@periskop/wire';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { AggregateReader } from '../aggregate-reader';
import { AggregateWriter, MergeResult } from '../aggregate-writer';
import { healthOfMergedScrape } from '../target-health';

/** A writer and reader on the test redis-server, scoped to a fresh service name. */
export class StoreFixture {
  readonly redis = new Redis(testRedisUrl());
  readonly writer = new AggregateWriter(this.redis);
  readonly reader = new AggregateReader(this.redis);
  readonly service = uniqueName('svc');
  sampleCap = 100;
  targetTtlMs = 60_000;

  merge(body: WirePayload, options: { address?: string; fetchedAtMs?: number; targetId?: string } = {}): Promise<MergeResult> {
    const fetchedAtMs = options.fetchedAtMs ?? Date.now();
    const address = options.address ?? '127.0.0.1:7777';
    const normalized = normalizePayload(body, fetchedAtMs);
    return this.writer.merge({
      service: this.service,
      targetId: options.targetId ?? normalized.targetUuid ?? `http://${address}/errors`,
      address,
      fetchedAtMs,
      payload: normalized,
      health: healthOfMergedScrape(normalized, fetchedAtMs, 1),
      sampleCap: this.sampleCap,
      targetTtlMs: this.targetTtlMs,
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
