import Redis from 'ioredis';
import { DEFAULT_PAYLOAD_LIMITS } from '@periskop/wire';
import { AggregateReader, AggregateWriter } from '@periskop/store';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import type { ScrapeJob } from '@periskop/queue';
import { aggregate, FakeTarget, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { TargetFetcher } from './fetch/target-fetcher';
import { ScrapeTarget } from './scrape-target';

/** One scrape from a real target into a real Redis, as the worker runs it. */
describe('ScrapeTarget', () => {
  const redis = new Redis(testRedisUrl());
  const reader = new AggregateReader(redis);
  const metrics = new PeriskopMetrics('scraper-test');
  const selfErrors = new SelfErrorCollector();
  const scrape = new ScrapeTarget(new TargetFetcher(2), new AggregateWriter(redis), metrics, selfErrors);
  let target: FakeTarget;

  beforeAll(async () => (target = await FakeTarget.start()));
  afterAll(async () => {
    await target.close();
    await redis.quit();
  });

  const job = (service: string): ScrapeJob => ({
    service,
    address: target.address,
    url: `http://${target.address}/errors`,
    cycle: 1,
    timeoutMs: 1000,
    maxResponseBytes: 1 << 20,
    sampleCap: 100,
    targetTtlMs: 60_000,
    limits: DEFAULT_PAYLOAD_LIMITS,
  });

  it('merges a payload, records the target up and keeps its count per target', async () => {
    const service = uniqueName('scrape');
    target.serve(payload('uuid-1', [aggregate('k@1', 4, [occurrence('o1', new Date())])]));
    const outcome = await scrape.run(job(service));
    expect(outcome.status).toBe('merged');
    expect((await reader.aggregate(service, 'k@1'))?.c).toBe(4);
    const [health] = await redis.hvals(`periskop:{${service}}:health`);
    expect(JSON.parse(health)).toMatchObject({ status: 'up', targetUuid: 'uuid-1', aggregates: 1, refused: [] });
    // The per-target count the API renders as periskop_error_occurrences.
    expect(await reader.targetCounts(service)).toEqual([{ targetId: 'uuid-1', address: target.address, counts: { 'k@1': 4 } }]);
  });

  it('falls back to the target URL when the client sends no target_uuid', async () => {
    const service = uniqueName('scrape');
    target.serve({ aggregated_errors: [aggregate('k@1', 2)] });
    await scrape.run(job(service));
    expect(await reader.instances(service, 'k@1')).toEqual([expect.objectContaining({ target: `http://${target.address}/errors`, total_count: 2 })]);
  });

  it('records a bad body on the target and in its own errors, and merges nothing', async () => {
    const service = uniqueName('scrape');
    target.serve('<html>oops</html>');
    const outcome = await scrape.run(job(service));
    expect([outcome.status, outcome.failure?.reason]).toEqual(['failed', 'bad_json']);
    const [health] = await redis.hvals(`periskop:{${service}}:health`);
    expect(JSON.parse(health)).toMatchObject({ status: 'down', error: expect.stringMatching(/^body is not valid JSON/) });
    expect(await reader.aggregates(service)).toEqual([]);
    expect(selfErrors.export().aggregated_errors?.map((a) => a.aggregation_key)).toContain('scrapped-url-error');
  });

  it('records a wrong shape as bad_shape', async () => {
    target.serve({ aggregated_errors: 'nope' });
    const outcome = await scrape.run(job(uniqueName('scrape')));
    expect(outcome.failure?.reason).toBe('bad_shape');
    expect(outcome.failure?.message).toBe('aggregated_errors must be a list, got "nope"');
  });
});
