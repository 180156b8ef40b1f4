import Redis from 'ioredis';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { AggregateReader } from './aggregate-reader';
import { AggregateWriter } from './aggregate-writer';
import { DiscoveredTargets, StoredTarget } from './discovered-targets';

describe('DiscoveredTargets', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  const target = (address: string): StoredTarget => ({
    address,
    endpoint: `${address}/errors`,
    url: `http://${address}/errors`,
    labels: { instance: address },
    discoveredLabels: { __address__: address },
  });

  it('lists targets with their health, and forgets the health of targets no longer discovered', async () => {
    const service = uniqueName('targets');
    const writer = new AggregateWriter(redis);
    const reader = new AggregateReader(redis);
    const discovered = new DiscoveredTargets(redis);
    const down = { status: 'down' as const, lastScrapeMs: 5000, durationMs: 3, error: 'connection refused', targetUuid: null, aggregates: null, refused: [] };
    await discovered.record(service, [target('a:1'), target('b:1')]);
    await writer.recordFailure(service, 'b:1', down);
    const views = await reader.targets(service);
    expect(views.map((v) => [v.endpoint, v.health.status, v.health.error])).toEqual([
      ['a:1/errors', 'unknown', null],
      ['b:1/errors', 'down', 'connection refused'],
    ]);
    await discovered.record(service, [target('a:1')]);
    expect(await redis.hkeys(`periskop:{${service}}:health`)).toEqual([]);
  });
});
