import fc from 'fast-check';
import { aggregate, occurrence, payload } from '@periskop/test-harness';
import { Delivery, ReferenceModel } from './testing/reference-model';
import { StoreFixture } from './testing/store-fixture';

const KEYS = ['a@1', 'b@2', 'c@3'];
const BASE = Date.UTC(2026, 0, 1);

interface TargetSpec {
  uuid: string | undefined;
  address: string;
}

/**
 * Per target, a series of snapshots: counters grow, and now and then drop (a restart without a
 * uuid; with one, a lower count the merge must not add).
 */
const targetHistory = (target: TargetSpec) =>
  fc.array(fc.record({ grow: fc.array(fc.nat(5), { minLength: KEYS.length, maxLength: KEYS.length }), reset: fc.boolean() }), { minLength: 1, maxLength: 6 }).map((steps) => {
    const counts = new Map<string, number>();
    return steps.map((step, i): Delivery => {
      KEYS.forEach((key, k) => {
        const before = step.reset && i % 3 === 2 ? 0 : (counts.get(key) ?? 0);
        counts.set(key, before + step.grow[k]);
      });
      return { ...target, cycle: i + 1, counts: Object.fromEntries(counts) };
    });
  });

/** One target with its own uuid, one without any, and two at different addresses sharing a uuid. */
const fleet = fc.tuple(
  targetHistory({ uuid: 'u1', address: '10.0.0.1:80' }),
  targetHistory({ uuid: undefined, address: '10.0.0.2:80' }),
  targetHistory({ uuid: 'shared', address: '10.0.0.3:80' }),
  targetHistory({ uuid: 'shared', address: '10.0.0.4:80' }),
);

function toPayload(d: Delivery) {
  const at = BASE + d.cycle * 1000;
  return payload(
    d.uuid,
    Object.entries(d.counts).map(([key, count]) => aggregate(key, count, count > 0 ? [occurrence(`${d.address}-${key}-${d.cycle}-${count}`, new Date(at))] : [])),
  );
}

const mergeOf = (store: StoreFixture, d: Delivery) => store.merge(toPayload(d), { cycle: d.cycle, address: d.address });

async function totalsIn(store: StoreFixture): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const { key, meta } of await store.reader.aggregates(store.service)) out.set(key, meta.c);
  return out;
}

function modelTotals(deliveries: Delivery[]): Map<string, number> {
  const model = new ReferenceModel();
  deliveries.forEach((d) => model.merge(d));
  return model.totals;
}

describe('merge properties: the Lua merge agrees with the reference model', () => {
  const runs = { numRuns: 25 };

  it('any interleaving of targets, with repeated deliveries, gives the model totals', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, fc.infiniteStream(fc.nat()), fc.array(fc.nat(), { maxLength: 10 }), async (histories, picks, repeats) => {
        // Interleave the three series (each keeps its own order), then repeat some deliveries.
        const queues = histories.map((h) => [...h]);
        const order: Delivery[] = [];
        const pick = picks[Symbol.iterator]();
        while (queues.some((q) => q.length > 0)) {
          const open = queues.filter((q) => q.length > 0);
          order.push(open[pick.next().value % open.length].shift()!);
        }
        for (const r of repeats) order.splice((r % order.length) + 1, 0, order[r % order.length]);

        const store = new StoreFixture();
        try {
          for (const d of order) await mergeOf(store, d);
          expect(await totalsIn(store)).toEqual(modelTotals(order));
          // Repetition changes nothing: the same as each series merged once, in order.
          expect(await totalsIn(store)).toEqual(modelTotals(histories.flat()));
        } finally {
          await store.close();
        }
      }),
      runs,
    );
  });

  it('shuffled deliveries (late, out of order) give what the model gives for that order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fleet.chain((h) => fc.shuffledSubarray(h.flat(), { minLength: h.flat().length })),
        async (order) => {
          const store = new StoreFixture();
          try {
            for (const d of order) await mergeOf(store, d);
            expect(await totalsIn(store)).toEqual(modelTotals(order));
          } finally {
            await store.close();
          }
        },
      ),
      runs,
    );
  });

  it('concurrent merges of different targets and duplicate deliveries count exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, fc.integer({ min: 2, max: 5 }), async (histories, copies) => {
        const store = new StoreFixture();
        try {
          // Step by step, every target's next snapshot is merged concurrently, each `copies` times.
          const steps = Math.max(...histories.map((h) => h.length));
          for (let i = 0; i < steps; i++) {
            const batch = histories.flatMap((h) => (h[i] ? Array.from({ length: copies }, () => h[i]) : []));
            await Promise.all(batch.map((d) => mergeOf(store, d)));
          }
          expect(await totalsIn(store)).toEqual(modelTotals(histories.flat()));
        } finally {
          await store.close();
        }
      }),
      runs,
    );
  });

  it('samples stay bounded, unique and newest first', async () => {
    await fc.assert(
      fc.asyncProperty(fleet, fc.integer({ min: 1, max: 4 }), async (histories, cap) => {
        const store = new StoreFixture();
        store.sampleCap = cap;
        try {
          for (const d of histories.flat()) await mergeOf(store, d);
          for (const key of KEYS) {
            const samples = ((await store.reader.samples(store.service, [key], 1000)).get(key) ?? []).map((j) => JSON.parse(j));
            expect(samples.length).toBeLessThanOrEqual(cap);
            expect(new Set(samples.map((s) => s.uuid)).size).toBe(samples.length);
            const times = samples.map((s) => s.timestamp);
            expect([...times].sort((a, b) => b - a)).toEqual(times);
          }
        } finally {
          await store.close();
        }
      }),
      runs,
    );
  });
});
