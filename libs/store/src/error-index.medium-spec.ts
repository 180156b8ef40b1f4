import fc from 'fast-check';
import { aggregate, occurrence, payload } from '@periskop/test-harness';
import { parseMeta, type AggregateMeta } from './aggregate-meta';
import { ErrorIndex } from './error-index';
import { INDEX_SEVERITIES, INDEX_SORTS, INDEX_STATUSES, IndexSeverity, IndexSort, IndexStatus, serviceKeys } from './keys';
import { Delivery, ReferenceModel } from './testing/reference-model';
import { StoreFixture } from './testing/store-fixture';

const KEYS = ['a@1', 'b@2', 'c@3', 'd@4', 'e@5'];
const SEVERITIES = ['error', 'warning', 'info', 'critical'];
const TARGETS = [
  { uuid: 'u1', address: '10.0.0.1:80' },
  { uuid: undefined, address: '10.0.0.2:80' },
];
const BASE = Date.UTC(2026, 0, 1);

type Op = { type: 'deliver'; target: number; grow: number[]; reset: boolean; severities: string[]; spread: number } | { type: 'resolve'; key: number } | { type: 'expire'; key: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('deliver' as const),
      target: fc.nat(TARGETS.length - 1),
      grow: fc.array(fc.nat(3), { minLength: KEYS.length, maxLength: KEYS.length }),
      reset: fc.boolean(),
      severities: fc.array(fc.constantFrom(...SEVERITIES), { minLength: KEYS.length, maxLength: KEYS.length }),
      spread: fc.nat(5),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('resolve' as const), key: fc.nat(KEYS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('expire' as const), key: fc.nat(KEYS.length - 1) }) },
);

/** Where a key's meta puts it: the index's value per sort, as the API compares them. */
function scoresOf(meta: AggregateMeta): Record<IndexSort, number> {
  return { latest: Math.floor((meta.ls || meta.fs) / 1000), count: meta.c, first: Math.floor(meta.ca / 1000), key: 0 };
}

function cellsOf(meta: AggregateMeta): Array<[IndexStatus, IndexSeverity]> {
  const status: IndexStatus = meta.r > 0 ? 'resolved' : 'active';
  const cells: Array<[IndexStatus, IndexSeverity]> = [
    [status, 'any'],
    ['all', 'any'],
  ];
  if ((INDEX_SEVERITIES as readonly string[]).includes(meta.s) && meta.s !== 'any') cells.push([status, meta.s as IndexSeverity], ['all', meta.s as IndexSeverity]);
  return cells;
}

async function storedMetas(store: StoreFixture): Promise<Map<string, AggregateMeta>> {
  const raw = await store.redis.hgetall(serviceKeys(store.service).aggregates);
  return new Map(Object.entries(raw).map(([key, json]) => [key, parseMeta(json)]));
}

/** The indexes and totals recounted from the metas must equal what the scripts kept. */
async function expectIndexesMatch(store: StoreFixture, metas: Map<string, AggregateMeta>): Promise<void> {
  const k = serviceKeys(store.service);
  for (const sort of INDEX_SORTS) {
    for (const status of INDEX_STATUSES) {
      for (const severity of INDEX_SEVERITIES) {
        const expected: Record<string, number> = {};
        for (const [key, meta] of metas) if (cellsOf(meta).some(([st, sv]) => st === status && sv === severity)) expected[key] = scoresOf(meta)[sort];
        const flat = await store.redis.zrange(k.errorIndex(sort, status, severity), 0, -1, 'WITHSCORES');
        const actual: Record<string, number> = {};
        for (let i = 0; i < flat.length; i += 2) actual[flat[i]] = Number(flat[i + 1]);
        expect([sort, status, severity, actual]).toEqual([sort, status, severity, expected]);
      }
    }
  }
  const recount: Record<string, string> = {};
  const add = (field: string, by: number) => {
    const n = Number(recount[field] ?? 0) + by;
    if (n === 0) delete recount[field];
    else recount[field] = String(n);
  };
  for (const meta of metas.values()) {
    const status = meta.r > 0 ? 'resolved' : 'active';
    add(`keys|${status}|${meta.s}`, 1);
    add(`count|${status}|${meta.s}`, meta.c);
  }
  const totals = await store.redis.hgetall(k.errorTotals);
  delete totals.built;
  expect(totals).toEqual(recount);
}

/** The page the API answered before the indexes: sort by value, ties by key ascending. */
function expectedPage(metas: Map<string, AggregateMeta>, q: { sort: IndexSort; order: 'asc' | 'desc'; status: IndexStatus; severity: IndexSeverity; offset: number; limit: number }) {
  const rows = [...metas].filter(([, meta]) => cellsOf(meta).some(([st, sv]) => st === q.status && sv === q.severity));
  const direction = q.order === 'asc' ? 1 : -1;
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort(([ka, a], [kb, b]) => (q.sort === 'key' ? direction * byKey(ka, kb) : direction * (scoresOf(a)[q.sort] - scoresOf(b)[q.sort]) || byKey(ka, kb)));
  return { total: rows.length, keys: rows.slice(q.offset, q.offset + q.limit).map(([key]) => key) };
}

const query = fc.record({
  sort: fc.constantFrom(...INDEX_SORTS),
  order: fc.constantFrom('asc' as const, 'desc' as const),
  status: fc.constantFrom(...INDEX_STATUSES),
  severity: fc.constantFrom(...INDEX_SEVERITIES),
  offset: fc.nat(5),
  limit: fc.integer({ min: 1, max: 4 }),
});

describe('error list indexes: kept by merge, resolve and retention, read as range reads', () => {
  it('after any sequence of merges, resolves, regressions, expiries and cap refusals every key is in exactly its sets, with its scores, and the totals recount', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), fc.array(query, { minLength: 1, maxLength: 6 }), async (ops, queries) => {
        const store = new StoreFixture();
        store.maxKeys = 3;
        const index = new ErrorIndex(store.redis);
        const model = new ReferenceModel(store.maxKeys);
        const counts = TARGETS.map(() => new Map<string, number>());
        const cycles = TARGETS.map(() => 0);
        try {
          for (const step of ops) {
            if (step.type === 'deliver') {
              const target = TARGETS[step.target];
              const state = counts[step.target];
              KEYS.forEach((key, i) => state.set(key, (step.reset && !target.uuid ? 0 : (state.get(key) ?? 0)) + step.grow[i]));
              const cycle = ++cycles[step.target];
              const delivery: Delivery = { ...target, cycle, counts: Object.fromEntries(state), severities: Object.fromEntries(KEYS.map((key, i) => [key, step.severities[i]])) };
              const at = BASE + (cycle + step.spread) * 1000;
              await store.merge(
                payload(
                  target.uuid,
                  KEYS.map((key, i) =>
                    aggregate(key, state.get(key)!, state.get(key)! > 0 ? [occurrence(`${target.address}-${key}-${cycle}`, new Date(at - i * 700))] : [], { severity: step.severities[i] }),
                  ),
                ),
                { cycle, address: target.address },
              );
              model.merge(delivery);
            } else if (step.type === 'resolve') {
              await store.writer.resolve(store.service, KEYS[step.key]);
              model.resolve(KEYS[step.key]);
            } else {
              // Key retention: the key's last report made old (if it is held), then the sweep forgets it.
              const held = model.keys.has(KEYS[step.key]);
              expect(await store.redis.zadd(serviceKeys(store.service).seen, 'XX', 'CH', 0, KEYS[step.key])).toBe(held ? 1 : 0);
              expect(await store.retention.expireKeys(store.service, 60_000)).toBe(held ? 1 : 0);
              model.expire(KEYS[step.key]);
            }
          }
          const metas = await storedMetas(store);
          const listed = new Map([...metas].map(([key, meta]) => [key, { count: meta.c, severity: meta.s, resolved: meta.r > 0 }]));
          expect(listed).toEqual(model.listed());
          expect(await store.reader.keysRefused(store.service)).toBe(model.refused);
          await expectIndexesMatch(store, metas);
          for (const q of queries) {
            const page = await index.page(store.service, q);
            expect([q, page.total, page.items.map((i) => i.key)]).toEqual([q, ...Object.values(expectedPage(metas, q))]);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a descending page keeps ties in key order across page boundaries', async () => {
    const store = new StoreFixture();
    try {
      const keys = ['k5', 'k1', 'k4', 'k2', 'k3', 'k0'];
      await store.merge(
        payload(
          'u',
          keys.map((key, i) => aggregate(key, i < 4 ? 7 : 9, [occurrence(`${key}-1`, new Date(BASE))])),
        ),
      );
      const index = new ErrorIndex(store.redis);
      const read = async (offset: number) => (await index.page(store.service, { sort: 'count', order: 'desc', status: 'active', severity: 'any', offset, limit: 3 })).items.map((i) => i.key);
      // 9: k0, k3; 7: k1, k2, k4, k5 — each group in key order, whatever the page cut.
      expect([...(await read(0)), ...(await read(3))]).toEqual(['k0', 'k3', 'k1', 'k2', 'k4', 'k5']);
      expect(await read(1)).toEqual(['k3', 'k1', 'k2']);
    } finally {
      await store.close();
    }
  });

  it('a service merged before the indexes existed is indexed on its first read, once', async () => {
    const store = new StoreFixture();
    try {
      await store.merge(payload('u', [aggregate('x', 2, [occurrence('x1', new Date(BASE))]), aggregate('y', 5, [occurrence('y1', new Date(BASE + 5000))], { severity: 'warning' })]));
      const k = serviceKeys(store.service);
      // As an older version left it: aggregates, no indexes.
      const indexKeys = INDEX_SORTS.flatMap((sort) => INDEX_STATUSES.flatMap((status) => INDEX_SEVERITIES.map((severity) => k.errorIndex(sort, status, severity))));
      await store.redis.del(...indexKeys, k.errorTotals);
      const index = new ErrorIndex(store.redis);
      const page = await index.page(store.service, { sort: 'latest', order: 'desc', status: 'active', severity: 'any', offset: 0, limit: 50 });
      expect(page.items.map((i) => i.key)).toEqual(['y', 'x']);
      expect(page.total).toBe(2);
      await expectIndexesMatch(store, await storedMetas(store));
      expect(await index.rebuild(store.service)).toBe(-1);
      expect((await index.totals(store.service)).active).toEqual({ error: { keys: 1, occurrences: 2 }, warning: { keys: 1, occurrences: 5 } });
      // A key written by a merge that does not keep the indexes (an older version, mid-upgrade) is indexed on the next read.
      await store.redis.hset(k.aggregates, 'z', (await store.redis.hget(k.aggregates, 'x'))!);
      const after = await index.page(store.service, { sort: 'key', order: 'asc', status: 'active', severity: 'any', offset: 0, limit: 50 });
      expect(after.items.map((i) => i.key)).toEqual(['x', 'y', 'z']);
      expect((await index.totals(store.service)).active.error).toEqual({ keys: 2, occurrences: 4 });
    } finally {
      await store.close();
    }
  });
});
