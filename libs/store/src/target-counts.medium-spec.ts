import Redis from 'ioredis';
import { DEFAULT_PAYLOAD_LIMITS, normalizePayload } from '@periskop/wire';
import { aggregate, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { AggregateReader } from './aggregate-reader';
import { AggregateWriter } from './aggregate-writer';
import { healthOfMergedScrape } from './target-health';
import { DiscoveredTargets } from './discovered-targets';

/** The per-target counts the API renders as periskop_error_occurrences, read back after real merges. */
describe('AggregateReader.targetCounts and discoveredCount', () => {
  const redis = new Redis(testRedisUrl());
  const writer = new AggregateWriter(redis);
  const reader = new AggregateReader(redis);
  afterAll(() => redis.quit());

  const merge = async (service: string, targetId: string, address: string, counts: Record<string, number>, fetchedAtMs: number) => {
    const normalized = normalizePayload(
      JSON.stringify(
        payload(
          targetId,
          Object.entries(counts).map(([key, c]) => aggregate(key, c)),
        ),
      ),
      fetchedAtMs,
      DEFAULT_PAYLOAD_LIMITS,
    );
    await writer.merge({
      service,
      address,
      url: `http://${address}/errors`,
      cycle: fetchedAtMs,
      payload: normalized,
      health: healthOfMergedScrape(normalized, fetchedAtMs, 1),
      sampleCap: 10,
      targetTtlMs: 3_600_000,
      maxKeys: 10_000,
    });
  };

  it("answers every target's last reported count of every key, with its address", async () => {
    const service = uniqueName('counts');
    await merge(service, 'u-1', '10.0.0.1:80', { a: 3, b: 1 }, 1000);
    await merge(service, 'u-2', '10.0.0.2:80', { a: 5 }, 1000);
    await merge(service, 'u-1', '10.0.0.1:80', { a: 4, b: 1 }, 2000);
    const counts = (await reader.targetCounts(service)).sort((x, y) => x.targetId.localeCompare(y.targetId));
    expect(counts).toEqual([
      { targetId: 'u-1@10.0.0.1:80', address: '10.0.0.1:80', counts: { a: 4, b: 1 } },
      { targetId: 'u-2@10.0.0.2:80', address: '10.0.0.2:80', counts: { a: 5 } },
    ]);
    expect(await reader.targetCounts(uniqueName('none'))).toEqual([]);
  });

  it('reads services with more targets than one pipeline holds', async () => {
    const service = uniqueName('many');
    const n = 1_203;
    for (let i = 0; i < n; i++) await merge(service, `u-${i}`, `10.1.${i >> 8}.${i & 255}:80`, { k: i + 1 }, 1000 + i);
    const counts = await reader.targetCounts(service);
    expect(counts).toHaveLength(n);
    expect(counts.reduce((sum, t) => sum + t.counts.k, 0)).toBe((n * (n + 1)) / 2);
  });

  it('counts the discovered targets the scheduler recorded', async () => {
    const service = uniqueName('discovered');
    expect(await reader.discoveredCount(service)).toBe(0);
    const target = (address: string) => ({ address, endpoint: `${address}/errors`, url: `http://${address}/errors`, labels: {}, discoveredLabels: {} });
    await new DiscoveredTargets(redis).record(service, [target('a:1'), target('b:1'), target('c:1')]);
    expect(await reader.discoveredCount(service)).toBe(3);
  });
});
