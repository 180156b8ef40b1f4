import { aggregate, at, occurrence, payload } from '@periskop/test-harness';
import { mergePayloadKeys, serviceKeys } from './keys';
import { ArgumentPacker } from './packed-arguments';
import { runScript } from './scripts';
import { toTargetHealth } from './target-health';
import { StoreFixture } from './testing/store-fixture';

describe('merge-payload-n.lua against a real redis-server', () => {
  let store: StoreFixture;
  beforeEach(() => {
    store = new StoreFixture();
  });
  afterEach(() => store.close());

  it('sums the counts of two instances', async () => {
    await store.merge(payload('a', [aggregate('k', 3, [occurrence('a1', at(1))])]));
    await store.merge(payload('b', [aggregate('k', 4, [occurrence('b1', at(2))])]));
    expect(await store.count('k')).toBe(7);
  });

  it('adds only the growth of a counter across scrapes', async () => {
    await store.merge(payload('a', [aggregate('k', 3)]), { cycle: 1 });
    const result = await store.merge(payload('a', [aggregate('k', 5)]), { cycle: 2 });
    expect(await store.count('k')).toBe(5);
    expect(result.deltas).toEqual([{ key: 'k', delta: 2, severity: 'error', event: null }]);
  });

  it('changes nothing when the same payload is merged twice', async () => {
    const body = payload('a', [aggregate('k', 3, [occurrence('a1', at(1)), occurrence('a2', at(2))])]);
    await store.merge(body, { cycle: 1 });
    const versionBefore = await store.reader.version(store.service);
    const second = await store.merge(body, { cycle: 1 });
    expect(second).toMatchObject({ status: 'ok', keysChanged: 0, deltas: [], refused: [] });
    expect(await store.count('k')).toBe(3);
    expect(await store.sampleUuids('k')).toEqual(['a2', 'a1']);
    expect(await store.reader.version(store.service)).toBe(versionBefore);
  });

  it('without a target_uuid, a lower count at the same address is a restart: the whole new value is added', async () => {
    await store.merge(payload(undefined, [aggregate('k', 10)]), { cycle: 1 });
    await store.merge(payload(undefined, [aggregate('k', 2)]), { cycle: 2 });
    expect(await store.count('k')).toBe(12);
    await store.merge(payload(undefined, [aggregate('k', 5)]), { cycle: 3 });
    expect(await store.count('k')).toBe(15);
  });

  it('with a target_uuid, a lower count is never added: the high-water mark is kept', async () => {
    await store.merge(payload('a', [aggregate('k', 10)]), { cycle: 1 });
    await store.merge(payload('a', [aggregate('k', 2)]), { cycle: 2 });
    expect(await store.count('k')).toBe(10);
    await store.merge(payload('a', [aggregate('k', 12)]), { cycle: 3 });
    expect(await store.count('k')).toBe(12);
  });

  it('two instances at different addresses sharing one uuid count 5 + 7 = 12, however often scraped', async () => {
    for (let cycle = 1; cycle <= 30; cycle++) {
      await store.merge(payload('shared', [aggregate('k', 5)]), { cycle, address: '10.0.0.1:80' });
      await store.merge(payload('shared', [aggregate('k', 7)]), { cycle, address: '10.0.0.2:80' });
    }
    expect(await store.count('k')).toBe(12);
    expect((await store.reader.instances(store.service, 'k')).map((i) => [i.target, i.address, i.total_count])).toEqual([
      ['shared', '10.0.0.2:80', 7],
      ['shared', '10.0.0.1:80', 5],
    ]);
  });

  it('ignores a payload of an older cycle than the last one merged for the target', async () => {
    await store.merge(payload(undefined, [aggregate('k', 10)]), { cycle: 2 });
    const stale = await store.merge(payload(undefined, [aggregate('k', 4)]), { cycle: 1 });
    expect(stale.status).toBe('stale');
    expect(await store.count('k')).toBe(10);
  });

  it('keeps the newest samples, capped, deduplicated by uuid, newest first', async () => {
    store.sampleCap = 3;
    await store.merge(payload('a', [aggregate('k', 3, [occurrence('a1', at(1)), occurrence('a2', at(5)), occurrence('a3', at(3))])]), { cycle: 1 });
    // b repeats a2 (same uuid) and brings one older and one newer occurrence.
    await store.merge(payload('b', [aggregate('k', 3, [occurrence('a2', at(5)), occurrence('b1', at(0)), occurrence('b2', at(9))])]), { cycle: 2 });
    expect(await store.sampleUuids('k')).toEqual(['b2', 'a2', 'a3']);
  });

  it('keeps the oldest created_at and the latest severity', async () => {
    await store.merge(payload('a', [aggregate('k', 1, [], { created_at: '2026-01-02T00:00:00Z', severity: 'warning' })]));
    await store.merge(payload('b', [aggregate('k', 1, [], { created_at: '2026-01-01T00:00:00.5+01:00', severity: 'error' })]));
    const meta = await store.reader.aggregate(store.service, 'k');
    expect(meta?.ca).toBe(Date.parse('2025-12-31T23:00:00.500Z'));
    expect(meta?.s).toBe('error');
  });

  it('hides a resolved key until its count grows again (a regression), with only the new occurrence', async () => {
    await store.merge(payload('a', [aggregate('k', 2, [occurrence('a1', at(1))])]), { cycle: 1 });
    expect(await store.writer.resolve(store.service, 'k')).toBe(true);
    const resolvedAt = (await store.reader.aggregate(store.service, 'k'))!.r;
    expect(resolvedAt).toBeGreaterThan(0);
    // The instance still reports the same count: stays resolved, no samples come back.
    await store.merge(payload('a', [aggregate('k', 2, [occurrence('a1', at(1))])]), { cycle: 2 });
    let meta = await store.reader.aggregate(store.service, 'k');
    expect(meta?.r).toBe(resolvedAt);
    expect(await store.sampleUuids('k')).toEqual([]);
    // A new occurrence brings it back, with only that sample.
    const result = await store.merge(payload('a', [aggregate('k', 3, [occurrence('a2', at(4)), occurrence('a1', at(1))])]), { cycle: 3 });
    meta = await store.reader.aggregate(store.service, 'k');
    expect(meta).toMatchObject({ r: 0, rn: 1, rc: 2, c: 3 });
    expect(meta!.rg).toBeGreaterThanOrEqual(resolvedAt);
    expect(await store.sampleUuids('k')).toEqual(['a2']);
    expect(result.deltas).toEqual([{ key: 'k', delta: 1, severity: 'error', event: 'regression' }]);
  });

  it('a regression from a client whose clock is 2 minutes behind still shows its occurrence', async () => {
    const behind = (ms: number) => new Date(Date.now() - 120_000 + ms);
    await store.merge(payload('a', [aggregate('k', 1, [occurrence('old', behind(-60_000))])]), { cycle: 1 });
    await store.writer.resolve(store.service, 'k');
    // Occurred after the resolve, stamped 2 minutes in the past by the client's clock.
    await store.merge(payload('a', [aggregate('k', 2, [occurrence('late-clock', behind(0)), occurrence('old', behind(-60_000))])]), { cycle: 2 });
    expect(await store.sampleUuids('k')).toEqual(['late-clock']);
  });

  it('lists events: new on first sight in the service, none for growth, regression after a resolve', async () => {
    const first = await store.merge(payload('a', [aggregate('k', 1)]), { cycle: 1 });
    const other = await store.merge(payload('b', [aggregate('k', 2)]), { cycle: 1 });
    expect(first.deltas).toEqual([{ key: 'k', delta: 1, severity: 'error', event: 'new' }]);
    expect(other.deltas).toEqual([{ key: 'k', delta: 2, severity: 'error', event: null }]);
  });

  it('resolving an unknown key says so', async () => {
    expect(await store.writer.resolve(store.service, 'missing')).toBe(false);
  });

  it('counts per minute and per hour on Redis time for trends', async () => {
    const [seconds] = await store.redis.time();
    await store.merge(payload('a', [aggregate('k', 2)]), { cycle: 1 });
    await store.merge(payload('a', [aggregate('k', 5)]), { cycle: 2 });
    await store.merge(payload('a', [aggregate('k', 6)]), { cycle: 3 });
    const minutes = await store.reader.trend(store.service, 'k', 'minute');
    const hours = await store.reader.trend(store.service, 'k', 'hour');
    expect(minutes.reduce((sum, b) => sum + b.count, 0)).toBe(6);
    expect(hours.reduce((sum, b) => sum + b.count, 0)).toBe(6);
    // Buckets are Redis's clock, whatever the scraper's.
    expect(minutes[0].t).toBe(Math.floor(Number(seconds) / 60) * 60);
  });

  it('lists which instances report a key, last seen on Redis time', async () => {
    await store.merge(payload('a', [aggregate('k', 2)]), { address: '10.0.0.1:80' });
    await store.merge(payload('b', [aggregate('k', 5), aggregate('other', 1)]), { address: '10.0.0.2:80' });
    const [seconds] = await store.redis.time();
    const instances = await store.reader.instances(store.service, 'k');
    expect(instances.map((i) => [i.target, i.address, i.total_count])).toEqual([
      ['b', '10.0.0.2:80', 5],
      ['a', '10.0.0.1:80', 2],
    ]);
    for (const i of instances) expect(Math.abs(i.last_seen - Number(seconds))).toBeLessThanOrEqual(1);
  });

  it('stores and returns counts up to 2^53-1 exactly', async () => {
    await store.merge(payload('a', [aggregate('k', Number.MAX_SAFE_INTEGER - 1)]), { cycle: 1 });
    expect(await store.count('k')).toBe(Number.MAX_SAFE_INTEGER - 1);
    await store.merge(payload('a', [aggregate('k', Number.MAX_SAFE_INTEGER)]), { cycle: 2 });
    expect(await store.count('k')).toBe(Number.MAX_SAFE_INTEGER);
    expect(await store.writer.resolve(store.service, 'k')).toBe(true);
    expect((await store.reader.aggregate(store.service, 'k'))?.rc).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses the aggregate whose sum would pass 2^53-1, not the payload, and records it in the health', async () => {
    await store.merge(payload('a', [aggregate('big', Number.MAX_SAFE_INTEGER)]), { cycle: 1, address: '10.0.0.1:80' });
    const result = await store.merge(payload('b', [aggregate('big', 1), aggregate('small', 3)]), { cycle: 1, address: '10.0.0.2:80' });
    expect(result.refused).toEqual([{ key: 'big', reason: 'count_overflow' }]);
    expect(await store.count('big')).toBe(Number.MAX_SAFE_INTEGER);
    expect(await store.count('small')).toBe(3);
    const view = toTargetHealth(await store.redis.hget(serviceKeys(store.service).health, '10.0.0.2:80'));
    expect(view.refused).toEqual([expect.stringMatching(/^big: refused, its count would pass 2\^53-1/)]);
  });

  it('a failing call changes nothing (a bad argument raises before the first write)', async () => {
    await store.merge(payload('a', [aggregate('k', 3)]), { cycle: 1 });
    const before = await store.redis.dump(serviceKeys(store.service).aggregates);
    const keys = mergePayloadKeys(store.service, 'x', ['k', 'j']);
    const packer = new ArgumentPacker();
    const bad = (key: string, totalCount: number) => packer.aggregate({ key, totalCount, severity: 'error', createdAtMs: 0, occurrences: [] }, -1);
    const args = ['x', '1.2.3.4:1', 2, 10, 60_000, '1', 100, 2, bad('k', 9), bad('j', -1)];
    await expect(runScript(store.redis, 'mergePayload', keys, args)).rejects.toThrow(/aggregate 2 \(j\) has a bad count/);
    expect(await store.redis.dump(serviceKeys(store.service).aggregates)).toEqual(before);
    expect(await store.redis.exists(keys[8])).toBe(0);
  });

  it('past max_keys_per_service, new keys are refused and counted; known keys keep counting', async () => {
    store.maxKeys = 3;
    await store.merge(payload('a', [aggregate('k1', 1), aggregate('k2', 1)]), { cycle: 1 });
    const result = await store.merge(payload('a', [aggregate('k1', 2), aggregate('k2', 1), aggregate('k3', 1), aggregate('k4', 1), aggregate('k5', 1)]), { cycle: 2 });
    expect(result.refused).toEqual([
      { key: 'k4', reason: 'key_cap' },
      { key: 'k5', reason: 'key_cap' },
    ]);
    expect((await store.reader.aggregates(store.service)).map((a) => a.key).sort()).toEqual(['k1', 'k2', 'k3']);
    expect(await store.count('k1')).toBe(2);
    expect(await store.reader.keysRefused(store.service)).toBe(2);
  });
});
