import { aggregate, at, occurrence, payload } from '@periskop/test-harness';
import { expireKeysKeys, mergePayloadKeys, serviceKeys } from './keys';
import { runScript } from './scripts';
import { StoreFixture } from './testing/store-fixture';
import { ArgumentPacker } from './packed-arguments';

/** The per-key breakdown by target label that merge-payload-n.lua keeps (aggregation.breakdown_labels). */
describe('breakdown by target label', () => {
  let store: StoreFixture;
  beforeEach(() => {
    store = new StoreFixture();
  });
  afterEach(() => store.close());

  const counts = async (key: string) =>
    Object.fromEntries(Object.entries(await store.reader.breakdown(store.service, key)).map(([label, values]) => [label, values.map((v) => [v.other ? '(other)' : v.value, v.count])]));

  it("counts each key's growth per label value of the targets that report it", async () => {
    await store.merge(payload('a', [aggregate('k', 3, [occurrence('a1', at(1))])]), { address: '10.0.0.1:80', breakdown: { version: '1.0', zone: 'eu' } });
    await store.merge(payload('b', [aggregate('k', 4, [occurrence('b1', at(2))])]), { address: '10.0.0.2:80', breakdown: { version: '2.0', zone: 'eu' } });
    await store.merge(payload('b', [aggregate('k', 10, [occurrence('b2', at(3))])]), { address: '10.0.0.2:80', breakdown: { version: '2.0', zone: 'eu' } });
    // The same payload again adds nothing, as for the totals.
    await store.merge(payload('b', [aggregate('k', 10, [occurrence('b2', at(3))])]), { address: '10.0.0.2:80', breakdown: { version: '2.0', zone: 'eu' } });
    expect(await store.count('k')).toBe(13);
    expect(await counts('k')).toEqual({
      version: [
        ['2.0', 10],
        ['1.0', 3],
      ],
      zone: [['eu', 13]],
    });
    const [v2] = (await store.reader.breakdown(store.service, 'k')).version;
    expect(v2.first_seen).toBeGreaterThan(0);
    expect(v2.last_seen).toBeGreaterThanOrEqual(v2.first_seen);
  });

  it('keeps nothing without breakdown labels', async () => {
    await store.merge(payload('a', [aggregate('k', 3)]));
    expect(await store.reader.breakdown(store.service, 'k')).toEqual({});
  });

  it('stays bounded under churn: past the cap the least recently seen values count as other', async () => {
    store.breakdownCap = 3;
    for (let v = 1; v <= 8; v++) {
      await store.merge(payload(`p${v}`, [aggregate('k', v)]), { address: `10.0.0.${v}:80`, breakdown: { version: `${v}.0` } });
    }
    const breakdown = await counts('k');
    expect(breakdown.version).toEqual([
      ['8.0', 8],
      ['7.0', 7],
      ['6.0', 6],
      ['(other)', 1 + 2 + 3 + 4 + 5],
    ]);
    expect(await store.count('k')).toBe(36);
  });

  it('keeps an hourly trend per value, folded into other with its value past the cap', async () => {
    store.breakdownCap = 2;
    await store.merge(payload('a', [aggregate('k', 3)]), { address: '10.0.0.1:80', breakdown: { version: '1.0' } });
    await store.merge(payload('a', [aggregate('k', 5)]), { address: '10.0.0.1:80', breakdown: { version: '1.0' } });
    await store.merge(payload('b', [aggregate('k', 4)]), { address: '10.0.0.2:80', breakdown: { version: '2.0' } });
    const sum = (trend?: number[]) => (trend ?? []).reduce((a, b) => a + b, 0);
    const trends = async () => {
      const { breakdown } = await store.reader.breakdownDetail(store.service, 'k', Date.now());
      return Object.fromEntries(breakdown.version.map((v) => [v.other ? '(other)' : v.value, [v.count, sum(v.trend), v.trend?.length]]));
    };
    expect(await trends()).toEqual({ '1.0': [5, 5, 24], '2.0': [4, 4, 24] });
    // A third version folds the least recently seen (1.0), trend and all, into other.
    await store.merge(payload('c', [aggregate('k', 2)]), { address: '10.0.0.3:80', breakdown: { version: '3.0' } });
    expect(await trends()).toEqual({ '2.0': [4, 4, 24], '3.0': [2, 2, 24], '(other)': [5, 5, 24] });
    const fields = Object.keys(await store.redis.hgetall(serviceKeys(store.service).breakdown('k'))).sort();
    expect(fields).toEqual(['version\n', 'version\n2.0', 'version\n3.0', '~version\n', '~version\n2.0', '~version\n3.0']);
    const ring = await store.redis.hget(serviceKeys(store.service).breakdown('k'), '~version\n2.0');
    expect(ring).toMatch(/^\d+:4$/);
  });

  it('answers the value each label first saw the key in', async () => {
    await store.merge(payload('b', [aggregate('k', 1)]), { address: '10.0.0.2:80', breakdown: { version: '2.0', zone: 'us' } });
    await new Promise((r) => setTimeout(r, 3));
    await store.merge(payload('a', [aggregate('k', 9)]), { address: '10.0.0.1:80', breakdown: { version: '1.0', zone: 'eu' } });
    const { firstSeenIn } = await store.reader.breakdownDetail(store.service, 'k', Date.now());
    expect(firstSeenIn).toEqual({ version: '2.0', zone: 'us' });
  });

  it('is deleted with its key by the retention sweep', async () => {
    await store.merge(payload('a', [aggregate('k', 3)]), { breakdown: { version: '1.0' } });
    const breakdownKey = serviceKeys(store.service).breakdown('k');
    expect(await store.redis.exists(breakdownKey)).toBe(1);
    expect(mergePayloadKeys(store.service, 't', ['k'])).toContain(breakdownKey);
    await new Promise((r) => setTimeout(r, 5));
    expect(await runScript(store.redis, 'expireKeys', expireKeysKeys(store.service, ['k']), [1, 'k'])).toBe(1);
    expect(await store.redis.exists(breakdownKey)).toBe(0);
  });

  it('refuses malformed breakdown arguments before any write', async () => {
    const keys = mergePayloadKeys(store.service, 't', ['k']);
    const base = ['t', '10.0.0.1:80', 1, 10, 60_000, '1', 100, 1, new ArgumentPacker().aggregate({ key: 'k', totalCount: 3, severity: 'error', createdAtMs: 1000, occurrences: [] }, 0)];
    await expect(runScript(store.redis, 'mergePayload', keys, [...base, 10, 2, 'version', '1.0'])).rejects.toThrow(/breakdown arguments/);
    expect(await store.count('k')).toBeUndefined();
  });
});
