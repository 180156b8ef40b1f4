import { aggregate, at, occurrence, payload } from '@periskop/test-harness';
import { StoreFixture } from './testing/store-fixture';

describe('merge-payload.lua against a real redis-server', () => {
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
    await store.merge(payload('a', [aggregate('k', 3)]), { fetchedAtMs: 1000 });
    const result = await store.merge(payload('a', [aggregate('k', 5)]), { fetchedAtMs: 2000 });
    expect(await store.count('k')).toBe(5);
    expect(result.deltas).toEqual([{ key: 'k', delta: 2, severity: 'error' }]);
  });

  it('changes nothing when the same payload is merged twice', async () => {
    const body = payload('a', [aggregate('k', 3, [occurrence('a1', at(1)), occurrence('a2', at(2))])]);
    await store.merge(body, { fetchedAtMs: 1000 });
    const versionBefore = await store.reader.version(store.service);
    const second = await store.merge(body, { fetchedAtMs: 1000 });
    expect(second).toEqual({ status: 'ok', keysChanged: 0, deltas: [] });
    expect(await store.count('k')).toBe(3);
    expect(await store.sampleUuids('k')).toEqual(['a2', 'a1']);
    expect(await store.reader.version(store.service)).toBe(versionBefore);
  });

  it('counts a counter reset: the whole new value is added', async () => {
    await store.merge(payload('a', [aggregate('k', 10)]), { fetchedAtMs: 1000 });
    await store.merge(payload('a', [aggregate('k', 2)]), { fetchedAtMs: 2000 });
    expect(await store.count('k')).toBe(12);
    await store.merge(payload('a', [aggregate('k', 5)]), { fetchedAtMs: 3000 });
    expect(await store.count('k')).toBe(15);
  });

  it('ignores a fetch older than the last one merged for the target', async () => {
    await store.merge(payload('a', [aggregate('k', 10)]), { fetchedAtMs: 2000 });
    const stale = await store.merge(payload('a', [aggregate('k', 4)]), { fetchedAtMs: 1000 });
    expect(stale.status).toBe('stale');
    expect(await store.count('k')).toBe(10);
  });

  it('keeps the newest samples, capped, deduplicated by uuid, newest first', async () => {
    store.sampleCap = 3;
    await store.merge(payload('a', [aggregate('k', 3, [occurrence('a1', at(1)), occurrence('a2', at(5)), occurrence('a3', at(3))])]), { fetchedAtMs: 1 });
    // b repeats a2 (same uuid) and brings one older and one newer occurrence.
    await store.merge(payload('b', [aggregate('k', 3, [occurrence('a2', at(5)), occurrence('b1', at(0)), occurrence('b2', at(9))])]), { fetchedAtMs: 2 });
    expect(await store.sampleUuids('k')).toEqual(['b2', 'a2', 'a3']);
  });

  it('keeps the oldest created_at and the latest severity', async () => {
    await store.merge(payload('a', [aggregate('k', 1, [], { created_at: '2026-01-02T00:00:00Z', severity: 'warning' })]));
    await store.merge(payload('b', [aggregate('k', 1, [], { created_at: '2026-01-01T00:00:00.5+01:00', severity: 'error' })]));
    const meta = await store.reader.aggregate(store.service, 'k');
    expect(meta?.ca).toBe(Date.parse('2025-12-31T23:00:00.500Z'));
    expect(meta?.s).toBe('error');
  });

  it('hides a resolved key until its count grows again (a regression)', async () => {
    const t = (seconds: number) => at(seconds).getTime();
    await store.merge(payload('a', [aggregate('k', 2, [occurrence('a1', at(1))])]), { fetchedAtMs: t(1) });
    expect(await store.writer.resolve(store.service, 'k', t(2))).toBe(true);
    // The instance still reports the same count: stays resolved, no samples come back.
    await store.merge(payload('a', [aggregate('k', 2, [occurrence('a1', at(1))])]), { fetchedAtMs: t(3) });
    let meta = await store.reader.aggregate(store.service, 'k');
    expect(meta?.r).toBe(t(2));
    expect(await store.sampleUuids('k')).toEqual([]);
    // A new occurrence after the resolution brings it back, with only the new sample.
    await store.merge(payload('a', [aggregate('k', 3, [occurrence('a1', at(1)), occurrence('a2', at(4))])]), { fetchedAtMs: t(5) });
    meta = await store.reader.aggregate(store.service, 'k');
    expect(meta).toMatchObject({ r: 0, rg: t(5), rn: 1, rc: 2, c: 3 });
    expect(await store.sampleUuids('k')).toEqual(['a2']);
  });

  it('resolving an unknown key says so', async () => {
    expect(await store.writer.resolve(store.service, 'missing')).toBe(false);
  });

  it('counts per minute and per hour for trends', async () => {
    const minute = 60_000;
    await store.merge(payload('a', [aggregate('k', 2)]), { fetchedAtMs: 10 * minute });
    await store.merge(payload('a', [aggregate('k', 5)]), { fetchedAtMs: 10 * minute + 5000 });
    await store.merge(payload('a', [aggregate('k', 6)]), { fetchedAtMs: 12 * minute });
    expect(await store.reader.trend(store.service, 'k', 'minute')).toEqual([
      { t: 600, count: 5 },
      { t: 720, count: 1 },
    ]);
    expect(await store.reader.trend(store.service, 'k', 'hour')).toEqual([{ t: 0, count: 6 }]);
  });

  it('lists which instances report a key', async () => {
    await store.merge(payload('a', [aggregate('k', 2)]), { address: '10.0.0.1:80', fetchedAtMs: 1000 });
    await store.merge(payload('b', [aggregate('k', 5), aggregate('other', 1)]), { address: '10.0.0.2:80', fetchedAtMs: 2000 });
    expect(await store.reader.instances(store.service, 'k')).toEqual([
      { target: 'b', address: '10.0.0.2:80', total_count: 5, last_seen: 2 },
      { target: 'a', address: '10.0.0.1:80', total_count: 2, last_seen: 1 },
    ]);
  });

  it('forgets targets silent for longer than the TTL', async () => {
    store.targetTtlMs = 5000;
    await store.merge(payload('old', [aggregate('k', 1)]), { fetchedAtMs: 1000 });
    await store.merge(payload('new', [aggregate('k', 1)]), { fetchedAtMs: 10_000 });
    expect((await store.reader.instances(store.service, 'k')).map((i) => i.target)).toEqual(['new']);
  });
});
