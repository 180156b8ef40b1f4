import { aggregate, occurrence, payload } from '@periskop/test-harness';
import type { WireAggregate } from '@periskop/wire';
import { serviceKeys } from './keys';
import { StoreFixture } from './testing/store-fixture';

/** Payloads larger than one script call: bounded chunks, still exactly once. */
describe('merging large payloads in chunks', () => {
  function fleetPayload(uuid: string, keys: number, samples: number, count = (k: number) => k + 1): ReturnType<typeof payload> {
    const now = Date.now();
    const aggregates: WireAggregate[] = [];
    for (let k = 0; k < keys; k++) {
      const occurrences = Array.from({ length: samples }, (_, s) =>
        occurrence(`${uuid}-${k}-${s}`, new Date(now - s * 1000), {
          error: {
            class: 'java.lang.IllegalStateException',
            message: `request ${k} failed with a message of ordinary length`,
            stacktrace: Array.from({ length: 8 }, (_, l) => `at com.example.Service${k}.handle(Service.java:${l})`),
            cause: null,
          },
        }),
      );
      aggregates.push(aggregate(`com.example.Error${k}@Service.java:${k}`, count(k), occurrences));
    }
    return payload(uuid, aggregates);
  }

  async function expectWhole(store: StoreFixture, keys: number, samples: number, count = (k: number) => k + 1): Promise<void> {
    const stored = await store.reader.aggregates(store.service);
    expect(stored).toHaveLength(keys);
    const byKey = new Map(stored.map((a) => [a.key, a.meta.c]));
    for (let k = 0; k < keys; k++) expect(byKey.get(`com.example.Error${k}@Service.java:${k}`)).toBe(count(k));
    for (const k of [0, Math.floor(keys / 2), keys - 1]) expect(await store.sampleUuids(`com.example.Error${k}@Service.java:${k}`)).toHaveLength(samples);
  }

  it('3,000 keys × 10 samples (~2.4 MB) merge whole', async () => {
    const store = new StoreFixture();
    try {
      const body = JSON.stringify(fleetPayload('big', 3000, 10));
      expect(body.length).toBeGreaterThan(2_000_000);
      const result = await store.merge(body);
      expect(result.status).toBe('ok');
      expect(result.refused).toEqual([]);
      expect(result.calls).toBeGreaterThan(15);
      await expectWhole(store, 3000, 10);
      // The next scrape of the same payload adds nothing.
      const again = await store.merge(body);
      expect(again.deltas).toEqual([]);
      await expectWhole(store, 3000, 10);
    } finally {
      await store.close();
    }
  });

  it('300 keys × 100 samples merge whole', async () => {
    const store = new StoreFixture();
    try {
      await store.merge(fleetPayload('deep', 300, 100));
      await expectWhole(store, 300, 100);
    } finally {
      await store.close();
    }
  });

  describe('a payload applied in part', () => {
    // Two aggregates per call, so a five-key payload takes three chunks.
    let store: StoreFixture;
    beforeEach(() => (store = new StoreFixture({ aggregates: 2, bytes: 1 << 20 })));
    afterEach(() => store.close());

    const body = (counts: number[]) =>
      payload(
        'p',
        counts.map((c, k) => aggregate(`k${k}`, c, [occurrence(`p-${k}-${c}`, new Date())])),
      );
    const totals = async () => Object.fromEntries((await store.reader.aggregates(store.service)).map((a) => [a.key, a.meta.c]));
    /** Makes the call carrying k2 fail inside Redis (its sample index has the wrong type). */
    const breakChunkTwo = () => store.redis.set(serviceKeys(store.service).sampleIndex('k2'), 'wrong type');
    const repair = () => store.redis.del(serviceKeys(store.service).sampleIndex('k2'));

    it('is finished by the retry of the same cycle, nothing counted twice', async () => {
      await breakChunkTwo();
      await expect(store.merge(body([1, 2, 3, 4, 5]), { cycle: 7 })).rejects.toThrow(/WRONGTYPE/);
      expect(await totals()).toEqual({ k0: 1, k1: 2 }); // chunk one applied, chunk two changed nothing
      await repair();
      await store.merge(body([1, 2, 3, 4, 5]), { cycle: 7 });
      expect(await totals()).toEqual({ k0: 1, k1: 2, k2: 3, k3: 4, k4: 5 });
    });

    it('is superseded by the next cycle: counts are cumulative, nothing lost or doubled', async () => {
      await breakChunkTwo();
      await expect(store.merge(body([1, 2, 3, 4, 5]), { cycle: 7 })).rejects.toThrow(/WRONGTYPE/);
      await repair();
      await store.merge(body([2, 2, 4, 4, 6]), { cycle: 8 });
      expect(await totals()).toEqual({ k0: 2, k1: 2, k2: 4, k3: 4, k4: 6 });
      // The retry of the older cycle arrives late: stale, ignored.
      const late = await store.merge(body([1, 2, 3, 4, 5]), { cycle: 7 });
      expect(late.status).toBe('stale');
      expect(await totals()).toEqual({ k0: 2, k1: 2, k2: 4, k3: 4, k4: 6 });
    });
  });

  describe('a target identity merged for the first time', () => {
    const stores: StoreFixture[] = [];
    const fixture = (limits?: ConstructorParameters<typeof StoreFixture>[0]) => {
      const store = new StoreFixture(limits);
      stores.push(store);
      return store;
    };
    afterEach(async () => Promise.all(stores.splice(0).map((s) => s.close())));
    const stored = async (store: StoreFixture, keys: number) => {
      const metas = Object.fromEntries((await store.reader.aggregates(store.service)).map((a) => [a.key, a.meta.c]));
      const samples: Record<string, string[]> = {};
      for (let k = 0; k < keys; k++) samples[k] = (await store.sampleUuids(`com.example.Error${k}@Service.java:${k}`)).sort();
      return { metas, samples };
    };

    it('sends its samples with the first call: one call for a cold payload, the same state as counts first', async () => {
      const cold = fixture();
      const countsFirst = fixture();
      const body = fleetPayload('cold', 20, 5);
      const hinted = await cold.merge(body, { cycle: 1, lastTargetId: null });
      const unhinted = await countsFirst.merge(body, { cycle: 1 });
      expect(hinted.calls).toBe(1);
      expect(unhinted.calls).toBe(2);
      expect(hinted.deltas).toEqual(unhinted.deltas);
      expect(await stored(cold, 20)).toEqual(await stored(countsFirst, 20));
      await expectWhole(cold, 20, 5);
    });

    it('a client restarted with a new uuid is a new identity too; the same identity goes counts first', async () => {
      const store = fixture();
      await store.merge(fleetPayload('first', 20, 5), { cycle: 1, lastTargetId: null });
      const restarted = await store.merge(fleetPayload('second', 20, 5), { cycle: 2, lastTargetId: 'first@127.0.0.1:7777' });
      expect(restarted.calls).toBe(1);
      expect(restarted.deltas).toHaveLength(20);
      // Grown keys of a known identity: counts first, then only their samples.
      const grown = await store.merge(
        fleetPayload('second', 20, 5, (k) => k + 2),
        { cycle: 3, lastTargetId: 'second@127.0.0.1:7777' },
      );
      expect(grown.calls).toBe(2);
      expect(grown.deltas).toHaveLength(20);
    });

    it('still splits a payload past one chunk, each chunk in one call', async () => {
      const store = fixture({ aggregates: 200, bytes: 1 << 30 });
      const result = await store.merge(fleetPayload('big', 1000, 3), { cycle: 1, lastTargetId: null });
      expect(result.calls).toBe(5);
      await expectWhole(store, 1000, 3);
      // ... and by bytes when the samples are larger than one call may carry.
      const small = fixture({ aggregates: 200, bytes: 64 * 1024 });
      const split = await small.merge(fleetPayload('bytes', 1000, 3), { cycle: 1, lastTargetId: null });
      expect(split.calls).toBeGreaterThan(5);
      await expectWhole(small, 1000, 3);
    });

    it('an empty payload still records the merge in one call', async () => {
      const store = fixture();
      const result = await store.merge(payload('empty', []), { cycle: 1, lastTargetId: null });
      expect(result).toMatchObject({ status: 'ok', calls: 1 });
      expect(await store.redis.zscore(serviceKeys(store.service).targets, 'empty@127.0.0.1:7777')).not.toBeNull();
    });
  });
});
