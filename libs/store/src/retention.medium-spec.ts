import { aggregate, occurrence, payload } from '@periskop/test-harness';
import { expireKeysKeys, servicePrefix, serviceKeys } from './keys';
import { runScript } from './scripts';
import { StoreFixture } from './testing/store-fixture';

/** The retention sweep: key retention and target expiry on Redis's clock, outside the merge. */
describe('Retention against a real redis-server', () => {
  let store: StoreFixture;
  beforeEach(() => (store = new StoreFixture()));
  afterEach(() => store.close());

  const keysOf = async () => (await store.redis.keys(`${servicePrefix(store.service)}*`)).map((k) => k.slice(servicePrefix(store.service).length)).sort();
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('deletes an aggregate no instance reported for key_retention, with its samples, trends, resolve memory and search text', async () => {
    await store.merge(payload('a', [aggregate('old', 2, [occurrence('o1', new Date())]), aggregate('kept', 1, [occurrence('k1', new Date())])]), { cycle: 1 });
    await store.writer.resolve(store.service, 'old');
    await store.merge(payload('a', [aggregate('old', 3, [occurrence('o2', new Date())])]), { cycle: 2 });
    await pause(200);
    // Only `kept` is reported again; `old` now has not been reported for at least 200 ms.
    await store.merge(payload('a', [aggregate('kept', 1, [occurrence('k1', new Date())])]), { cycle: 3 });
    const old = Number(await store.redis.zscore(serviceKeys(store.service).seen, 'old'));
    const version = await store.reader.version(store.service);
    // A retention that `old` (reported ≥ 200 ms before `kept`) has passed and `kept` has not.
    expect(await store.retention.expireKeys(store.service, (await redisNow(store)) - old - 1)).toBe(1);
    expect((await store.reader.aggregates(store.service)).map((a) => a.key)).toEqual(['kept']);
    expect(Object.keys(await store.reader.searchTexts(store.service))).toEqual(['kept']);
    expect((await keysOf()).filter((k) => k.includes(':old'))).toEqual([]);
    expect(await store.reader.version(store.service)).not.toBe(version);
  });

  it('keeps an aggregate reported again between the candidate read and the delete (the script checks again)', async () => {
    await store.merge(payload('a', [aggregate('k', 1)]), { cycle: 1 });
    const first = Number(await store.redis.zscore(serviceKeys(store.service).seen, 'k'));
    await pause(200);
    await store.merge(payload('a', [aggregate('k', 1)]), { cycle: 2 });
    // The candidate was read for its first report; the script sees the second and keeps it.
    const retention = (await redisNow(store)) - first - 5;
    expect(await runScript(store.redis, 'expireKeys', expireKeysKeys(store.service, ['k']), [retention, 'k'])).toBe(0);
    expect(await store.count('k')).toBe(1);
  });

  it('forgets targets not merged for their TTL of Redis time, with their counts', async () => {
    await store.merge(payload('old', [aggregate('k', 1)]), { cycle: 1, address: '10.0.0.1:80' });
    await pause(200);
    await store.merge(payload('new', [aggregate('k', 1)]), { cycle: 1, address: '10.0.0.2:80' });
    const targets = await store.redis.zrange(serviceKeys(store.service).targets, 0, -1, 'WITHSCORES');
    const oldAt = Number(targets[1]);
    expect(await store.retention.expireTargets(store.service, (await redisNow(store)) - oldAt - 1)).toBe(1);
    expect((await store.reader.instances(store.service, 'k')).map((i) => i.target)).toEqual(['new']);
    expect(await store.redis.exists(serviceKeys(store.service).targetCounts('old@10.0.0.1:80'))).toBe(0);
    expect(await store.redis.hexists(serviceKeys(store.service).targetCycles, 'old@10.0.0.1:80')).toBe(0);
  });

  it('forgets every target already silent past its TTL in one sweep, however many (a fleet that restarted at once)', async () => {
    const k = serviceKeys(store.service);
    const silent = Array.from({ length: 2_500 }, (_, i) => `gone-${i}@10.0.${i >> 8}.${i & 255}:80`);
    // Merged an hour ago by Redis's clock: 2,500 ids, more than any fixed number of batches used to take.
    const anHourAgo = (await redisNow(store)) - 3_600_000;
    await store.redis.zadd(k.targets, ...silent.flatMap((id) => [anHourAgo, id]));
    await store.merge(payload('live', [aggregate('k', 1)]), { cycle: 1, address: '10.1.0.1:80' });
    expect(await store.retention.expireTargets(store.service, 60_000)).toBe(2_500);
    expect(await store.redis.zrange(k.targets, 0, -1)).toEqual(['live@10.1.0.1:80']);
  });
});

async function redisNow(store: StoreFixture): Promise<number> {
  const [seconds, micros] = await store.redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}
