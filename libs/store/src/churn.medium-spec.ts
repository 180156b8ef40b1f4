import { aggregate, occurrence, payload } from '@periskop/test-harness';
import { servicePrefix } from './keys';
import { StoreFixture } from './testing/store-fixture';

/**
 * 1,000 simulated restarts: every cycle, every instance comes back with a new target_uuid.
 * Forgotten targets must take their state with them, so the service's Redis footprint stays flat.
 */
describe('bounded memory under instance churn', () => {
  let store: StoreFixture;
  beforeEach(() => (store = new StoreFixture()));
  afterEach(() => store.close());

  async function footprint(): Promise<{ keys: number; bytes: number; targets: number }> {
    let cursor = '0';
    let keys = 0;
    let bytes = 0;
    do {
      const [next, batch] = await store.redis.scan(cursor, 'MATCH', `${servicePrefix(store.service)}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) {
        keys += 1;
        bytes += Number(await store.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      }
    } while (cursor !== '0');
    const targets = await store.redis.zcard(`${servicePrefix(store.service)}targets`);
    return { keys, bytes, targets };
  }

  it('keeps keys and bytes flat over 1,000 restarts once expiry runs', async () => {
    const instances = 10;
    const cycles = 100;
    const cycleMs = 10_000;
    store.targetTtlMs = 3 * cycleMs;
    const base = Date.UTC(2026, 0, 1);
    const samples: Array<{ keys: number; bytes: number; targets: number }> = [];
    let restarts = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      const fetchedAtMs = base + cycle * cycleMs;
      for (let i = 0; i < instances; i++) {
        // A fresh process: new uuid, counters from zero, a couple of errors of the same kinds.
        const uuid = `c${cycle}-i${i}`;
        restarts += 1;
        const body = payload(uuid, [
          aggregate('db@timeout', 2, [occurrence(`${uuid}-1`, new Date(fetchedAtMs - 500)), occurrence(`${uuid}-2`, new Date(fetchedAtMs - 100))]),
          aggregate('cache@miss', 1, [occurrence(`${uuid}-3`, new Date(fetchedAtMs - 200))]),
        ]);
        await store.merge(body, { fetchedAtMs, address: `10.0.${i}.1:80` });
      }
      if (cycle === 10 || cycle === cycles - 1) samples.push(await footprint());
    }
    expect(restarts).toBe(1000);
    const [early, late] = samples;
    // Only the targets of the last ttl window are remembered: (3 cycles + the current) × 10.
    expect(late.targets).toBeLessThanOrEqual(4 * instances);
    expect(late.keys).toBe(early.keys);
    expect(late.bytes).toBeLessThanOrEqual(early.bytes * 1.1);
    // And the counts are all there: 1,000 restarts × 3 occurrences.
    expect((await store.reader.aggregate(store.service, 'db@timeout'))?.c).toBe(2000);
    expect((await store.reader.aggregate(store.service, 'cache@miss'))?.c).toBe(1000);
  });
});
