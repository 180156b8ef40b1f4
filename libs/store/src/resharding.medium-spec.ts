import Redis from 'ioredis';
import { aggregate, occurrence, payload, RedisCluster, startRedisCluster, uniqueName } from '@periskop/test-harness';
import { normalizePayload } from '@periskop/wire';
import { AggregateReader } from './aggregate-reader';
import { AggregateWriter, MergeRequest } from './aggregate-writer';
import { serviceKeys } from './keys';
import { createRedisClient } from '@periskop/platform';
import type { RedisClient } from './redis-client';
import { healthOfMergedScrape } from './target-health';

/**
 * Every key a script touches is declared in KEYS, so Redis Cluster routes each merge by its real
 * keys and a service's slot can move while scrapers merge: ASK and TRYAGAIN replies during the
 * move are retried (by ioredis, or by the next cycle), and the totals come out exact.
 */
describe('resharding a service slot while merges run', () => {
  let cluster: RedisCluster;
  let client: RedisClient;
  const admins: Redis[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    client = createRedisClient({ url: 'redis://127.0.0.1:1', clusterNodes: cluster.nodes }, { name: 'reshard-test' });
    for (const s of cluster.servers) admins.push(new Redis(s.port, '127.0.0.1'));
  }, 60_000);

  afterAll(async () => {
    await client?.quit().catch(() => undefined);
    await Promise.all(admins.map((a) => a.quit().catch(() => undefined)));
    await cluster?.stop();
  });

  /** Moves one slot to another master the way `redis-cli --cluster reshard` does: IMPORTING/MIGRATING, MIGRATE in batches, SETSLOT NODE. */
  async function moveSlot(slot: number): Promise<{ from: number; to: number; keysMoved: number }> {
    const ids = await Promise.all(admins.map((a) => a.cluster('MYID') as Promise<string>));
    const owners = (await admins[0].cluster('SLOTS')) as unknown as Array<[number, number, [string, number, string]]>;
    const owner = owners.find(([start, end]) => slot >= start && slot <= end)!;
    const from = admins.findIndex((_, i) => ids[i] === owner[2][2]);
    const to = (from + 1) % admins.length;
    await admins[to].cluster('SETSLOT', slot, 'IMPORTING', ids[from]);
    await admins[from].cluster('SETSLOT', slot, 'MIGRATING', ids[to]);
    let keysMoved = 0;
    for (;;) {
      const keys = (await admins[from].cluster('GETKEYSINSLOT', slot, 10)) as string[];
      if (keys.length === 0) break;
      await admins[from].call('MIGRATE', '127.0.0.1', String(cluster.servers[to].port), '', '0', '5000', 'KEYS', ...keys);
      keysMoved += keys.length;
      // Let merges run between batches, so some land mid-migration.
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const admin of [admins[to], admins[from], ...admins.filter((_, i) => i !== from && i !== to)]) await admin.cluster('SETSLOT', slot, 'NODE', ids[to]);
    return { from, to, keysMoved };
  }

  it('keeps every total exact', async () => {
    const service = uniqueName('reshard');
    const writer = new AggregateWriter(client, { aggregates: 10, bytes: 1 << 20 });
    const reader = new AggregateReader(client);
    const targets = 4;
    const keys = 30;
    const request = (t: number, cycle: number): MergeRequest => {
      const body = payload(
        `uuid-${t}`,
        Array.from({ length: keys }, (_, k) => aggregate(`k${k}`, cycle * (t + 1), [occurrence(`${t}-${k}-${cycle}`, new Date())])),
      );
      const normalized = normalizePayload(body, Date.now());
      return {
        service,
        address: `10.0.0.${t}:80`,
        url: `http://10.0.0.${t}:80/errors`,
        cycle,
        payload: normalized,
        health: healthOfMergedScrape(normalized, Date.now(), 1),
        sampleCap: 10,
        targetTtlMs: 3_600_000,
        maxKeys: 10_000,
      };
    };

    let failedMerges = 0;
    const slot = Number(await client.cluster('KEYSLOT', serviceKeys(service).aggregates));
    let moved: { from: number; to: number; keysMoved: number } | undefined;
    let moving: Promise<void> | undefined;
    let movedBeforeCycle = 0;
    let moveError: Error | undefined;
    // Cycles run until the move is done and three more cycles merged after it.
    let cycles = 0;
    for (let cycle = 1; !movedBeforeCycle || cycle < movedBeforeCycle + 3; cycle++) {
      cycles = cycle;
      if (cycle === 5)
        moving = moveSlot(slot).then(
          (m) => void (moved = m),
          (err: Error) => void (moveError = err),
        );
      if (moveError) throw moveError;
      if (moved && !movedBeforeCycle) movedBeforeCycle = cycle;
      await Promise.all(
        Array.from({ length: targets }, async (_, t) => {
          // A merge refused mid-move is retried, as the scraper's failed job is at the next cycle.
          for (let attempt = 0; ; attempt++) {
            try {
              return await writer.merge(request(t, cycle));
            } catch (err) {
              failedMerges += 1;
              if (attempt > 50) throw err;
              await new Promise((r) => setTimeout(r, 20));
            }
          }
        }),
      );
    }
    await moving;
    // The move overlapped the merges: it started at cycle 5 and merges went on after it.
    expect(movedBeforeCycle).toBeGreaterThan(5);
    expect(moved!.keysMoved).toBeGreaterThan(keys);
    // The slot now lives on the other master, with every key of the service.
    expect(await admins[moved!.to].exists(serviceKeys(service).aggregates)).toBe(1);
    expect(await admins[moved!.from].cluster('COUNTKEYSINSLOT', slot)).toBe(0);
    const expected = cycles * ((targets * (targets + 1)) / 2);
    const totals = (await reader.aggregates(service)).map((a) => [a.key, a.meta.c]);
    expect(totals).toHaveLength(keys);
    for (const [, total] of totals) expect(total).toBe(expected);
    // Attempts refused mid-move (if any) were retried; what matters is that no total is off.
    process.stdout.write(`reshard: ${moved!.keysMoved} keys moved, ${failedMerges} merge attempts retried\n`);
  }, 120_000);
});
