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

  /** Keys other than the per-target count hashes (how many of those exist depends on where the sweep's time cut falls). */
  async function footprint(): Promise<{ keys: number; bytes: number; targets: number; targetHashes: number }> {
    let cursor = '0';
    let keys = 0;
    let targetHashes = 0;
    let bytes = 0;
    do {
      const [next, batch] = await store.redis.scan(cursor, 'MATCH', `${servicePrefix(store.service)}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) {
        if (key.startsWith(`${servicePrefix(store.service)}t:`)) targetHashes += 1;
        else keys += 1;
        bytes += Number(await store.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      }
    } while (cursor !== '0');
    const targets = await store.redis.zcard(`${servicePrefix(store.service)}targets`);
    return { keys, bytes, targets, targetHashes };
  }

  const redisNowMs = async () => {
    const [seconds, micros] = await store.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };

  it('keeps keys and bytes flat over 1,000 restarts once the retention sweep runs', async () => {
    const instances = 10;
    const cycles = 100;
    const cycleStarts: number[] = [];
    const samples: Array<{ keys: number; bytes: number; targets: number; targetHashes: number }> = [];
    let restarts = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      cycleStarts.push(await redisNowMs());
      const fetchedAtMs = Date.now();
      for (let i = 0; i < instances; i++) {
        // A fresh process: new uuid, counters from zero, a couple of errors of the same kinds.
        const uuid = `c${cycle}-i${i}`;
        restarts += 1;
        const body = payload(uuid, [
          aggregate('db@timeout', 2, [occurrence(`${uuid}-1`, new Date(fetchedAtMs - 500)), occurrence(`${uuid}-2`, new Date(fetchedAtMs - 100))]),
          aggregate('cache@miss', 1, [occurrence(`${uuid}-3`, new Date(fetchedAtMs - 200))]),
        ]);
        await store.merge(body, { cycle: cycle + 1, address: `10.0.${i}.1:80` });
      }
      // The scheduler sweeps after each cycle; a target expires 3 cycles after its last merge.
      if (cycle >= 3) await store.retention.expireTargets(store.service, (await redisNowMs()) - cycleStarts[cycle - 3]);
      if (cycle === 10 || cycle === cycles - 1) samples.push(await footprint());
    }
    expect(restarts).toBe(1000);
    const [early, late] = samples;
    // Only the targets of the last ttl window are remembered: (3 cycles + the current) × 10.
    expect(late.targets).toBeLessThanOrEqual(4 * instances);
    expect(late.targetHashes).toBeLessThanOrEqual(4 * instances);
    expect(late.keys).toBe(early.keys);
    expect(late.bytes).toBeLessThanOrEqual(early.bytes * 1.1);
    // And the counts are all there: 1,000 restarts × 3 occurrences.
    expect((await store.reader.aggregate(store.service, 'db@timeout'))?.c).toBe(2000);
    expect((await store.reader.aggregate(store.service, 'cache@miss'))?.c).toBe(1000);
  });
});
