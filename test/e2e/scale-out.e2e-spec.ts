import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import type { ApiAggregate } from '@periskop/wire';
import { QUEUE_PREFIX, SCRAPE_QUEUE, scrapeJobId } from '@periskop/queue';
import {
  aggregate,
  AppProcess,
  at,
  eventually,
  FleetMember,
  getJson,
  listenPort,
  LoopbackFleet,
  occurrence,
  payload,
  RedisCluster,
  startRedisCluster,
  testRedisUrl,
  uniqueName,
} from '@periskop/test-harness';

/**
 * Scale-out as deployed: a 3-master Redis Cluster on loopback, 3 schedulers, 3 scrapers and 2
 * APIs as separate processes, and a fleet of targets on 127.0.0.2…; beside it, the same fleet
 * scraped by a single scheduler, scraper and API on one redis-server (the reference). Each
 * target is scraped once per cycle; both APIs of the cluster answer exactly what the reference
 * answers; a scraper and a scheduler SIGKILLed mid-cycle change nothing.
 */
const INTERVAL_MS = 2000;
const LOCK_MS = 4000;
const CLUSTER_PATH = '/errors';
const REFERENCE_PATH = '/ref';
const SIZES = [12, 6, 3];

interface Service {
  name: string;
  members: FleetMember[];
}

describe('scale-out on a Redis Cluster', () => {
  let cluster: RedisCluster | undefined;
  let client: Cluster;
  let queue: Queue;
  let fleet: LoopbackFleet;
  let dir: string;
  const services: Service[] = [];
  const schedulers: AppProcess[] = [];
  const scrapers: AppProcess[] = [];
  const apis: AppProcess[] = [];
  const reference: AppProcess[] = [];
  let step = 1;

  // --- the fleet: fixed counters per step, so the expected totals are known exactly ---
  const severityOf = (key: string) => (key === 'http@0' ? 'warning' : 'error');
  const bodyOf = (service: string, i: number, s: number) =>
    payload(`${service}-t${i}`, [
      aggregate('db@timeout', 10 * s + i, [occurrence(`${service}-${i}-db-${s}`, at(s * 100 + i))]),
      aggregate(`http@${i % 3}`, s * (i + 1), [occurrence(`${service}-${i}-http-${s}`, at(s * 100 + 50 + i), { severity: severityOf(`http@${i % 3}`) })], {
        severity: severityOf(`http@${i % 3}`),
      }),
    ]);
  const expectedTotals = (service: Service, s: number): Record<string, number> => {
    const totals: Record<string, number> = {};
    service.members.forEach((_, i) => {
      totals['db@timeout'] = (totals['db@timeout'] ?? 0) + 10 * s + i;
      totals[`http@${i % 3}`] = (totals[`http@${i % 3}`] ?? 0) + s * (i + 1);
    });
    return totals;
  };

  // --- reading the system ---
  const errorsOf = async (api: AppProcess, service: string): Promise<ApiAggregate[]> =>
    (await getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`)).sort((a, b) => a.aggregation_key.localeCompare(b.aggregation_key));
  const totalsOf = (list: ApiAggregate[]) => Object.fromEntries(list.map((a) => [a.aggregation_key, a.total_count]));
  /** Every service's aggregates through one API. */
  const snapshotOf = async (api: AppProcess) => Promise.all(services.map((s) => errorsOf(api, s.name)));
  const allAt = async (s: number): Promise<boolean | undefined> => {
    for (const api of [...apis, reference[2]]) {
      const lists = await snapshotOf(api);
      if (!services.every((service, i) => equal(totalsOf(lists[i]), expectedTotals(service, s)))) return undefined;
    }
    return true;
  };
  const claimOf = async (service: string) => {
    const claim = await client.hgetall(`periskop:{${service}}:cycle`);
    // The claim holds the boundary in ms (Redis's clock, here the same as the test's).
    return { cycle: claim.cycle === undefined ? -1 : Number(claim.cycle) / INTERVAL_MS, pid: Number((claim.by ?? '').split('/')[1]) };
  };
  const pendingJobs = async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  const currentCycle = () => Math.floor(Date.now() / INTERVAL_MS);

  /**
   * A moment in the middle of a cycle when every service's current cycle is claimed, every
   * target was scraped in it and the queue is empty: hits so far = cycles so far.
   */
  const drainedMoment = () =>
    eventually(
      async () => {
        const cycle = currentCycle();
        const into = Date.now() - cycle * INTERVAL_MS;
        if (into < INTERVAL_MS * 0.35 || into > INTERVAL_MS * 0.85) return undefined;
        const claims = await Promise.all(services.map((s) => claimOf(s.name)));
        if (claims.some((c) => c.cycle !== cycle)) return undefined;
        if ((await pendingJobs()) > 0) return undefined;
        const hits = fleet.members.map((m) => fleet.hits(m, CLUSTER_PATH));
        if (hits.some((h) => h.length === 0 || h[h.length - 1] < cycle * INTERVAL_MS)) return undefined;
        if (currentCycle() !== cycle) return undefined;
        return { cycle, at: Date.now() };
      },
      40_000,
      'a drained moment mid-cycle',
    );

  beforeAll(async () => {
    const clusterStarting = startRedisCluster(3);
    fleet = await LoopbackFleet.start(SIZES.reduce((a, b) => a + b, 0));
    cluster = await clusterStarting;
    client = new Cluster(cluster.nodes.map((n) => ({ host: n.split(':')[0], port: Number(n.split(':')[1]) })));
    queue = new Queue(SCRAPE_QUEUE, { connection: client, prefix: QUEUE_PREFIX });

    // One service per master, so the test exercises every node and cross-node reads.
    const slots = await client.cluster('SLOTS');
    const masterOf = async (name: string) => {
      const slot = Number(await client.cluster('KEYSLOT', `periskop:{${name}}:agg`));
      return slots.find(([from, to]) => slot >= from && slot <= to)![2][1];
    };
    const usedMasters = new Set<number>();
    let offset = 0;
    for (const size of SIZES) {
      let name = uniqueName('scale');
      while (usedMasters.has(await masterOf(name))) name = uniqueName('scale');
      usedMasters.add(await masterOf(name));
      services.push({ name, members: fleet.members.slice(offset, offset + size) });
      offset += size;
    }
    const serviceOf = new Map(services.flatMap((s) => s.members.map((m, i) => [m.index, { name: s.name, i }] as const)));
    fleet.respond = (member) => {
      const { name, i } = serviceOf.get(member.index)!;
      return bodyOf(name, i, step);
    };

    dir = mkdtempSync(join(tmpdir(), 'periskop-scale-'));
    const configFor = (endpoint: string) => {
      const file = join(dir, `periskop${endpoint.replace('/', '-')}.yaml`);
      const yaml = services
        .map(
          (s) =>
            `- name: ${s.name}\n  static_configs:\n  - targets: [${s.members.map((m) => `'${m.address}'`).join(', ')}]\n` +
            `  scraper:\n    endpoint: ${endpoint}\n    refresh_interval: ${INTERVAL_MS / 1000}s\n`,
        )
        .join('');
      writeFileSync(file, `services:\n${yaml}`);
      return file;
    };
    const clusterEnv = { CONFIG_FILE: configFor(CLUSTER_PATH), REDIS_CLUSTER_NODES: cluster.nodesEnv, REDIS_URL: 'redis://127.0.0.1:1' };
    const scraperEnv = { ...clusterEnv, SCRAPER_CONCURRENCY: '4', SCRAPER_LOCK_DURATION_MS: String(LOCK_MS), SCRAPER_STALLED_INTERVAL_MS: '1000' };
    const referenceEnv = { CONFIG_FILE: configFor(REFERENCE_PATH), REDIS_URL: testRedisUrl() };

    // Ports below the ephemeral range: a dozen busy processes open many outgoing connections.
    const ports = new Set<number>();
    const start = async (name: string, env: Record<string, string>) => {
      let port = await listenPort();
      while (ports.has(port)) port = await listenPort();
      ports.add(port);
      return AppProcess.start(name, { ...env, PORT: String(port) });
    };
    // Started in small batches: a loaded 2-core machine boots a dozen Node processes slowly.
    apis.push(...(await Promise.all([start('api', clusterEnv), start('api', clusterEnv)])));
    scrapers.push(...(await Promise.all([0, 1, 2].map(() => start('scraper', scraperEnv)))));
    schedulers.push(...(await Promise.all([0, 1, 2].map(() => start('scheduler', clusterEnv)))));
    reference.push(...(await Promise.all([start('scheduler', referenceEnv), start('scraper', referenceEnv), start('api', referenceEnv)])));
  }, 90_000);

  afterAll(async () => {
    await Promise.all([...schedulers, ...scrapers, ...apis, ...reference].map((app) => app.stop().catch(() => undefined)));
    await queue?.close().catch(() => undefined);
    await client?.quit().catch(() => undefined);
    await fleet?.close();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('puts each service on its own master and the queue on the {periskop-bull} slot', async () => {
    const masters = await Promise.all(
      cluster!.servers.map(
        async (s) =>
          (
            await client
              .nodes('master')
              .find((n) => n.options.port === s.port)!
              .keys('periskop:*')
          ).length,
      ),
    );
    expect(masters.filter((keys) => keys > 0).length).toBe(3);
    expect(await client.exists(`${QUEUE_PREFIX}:${SCRAPE_QUEUE}:meta`)).toBe(1);
  });

  it('aggregates through both APIs exactly what a single process on one Redis does', async () => {
    await eventually(() => allAt(1), 40_000, 'step-1 totals through every API');
    const expected = await snapshotOf(reference[2]);
    expect(await snapshotOf(apis[0])).toEqual(expected);
    expect(await snapshotOf(apis[1])).toEqual(expected);
  }, 60_000);

  it('scrapes each target exactly once per cycle with 3 schedulers and 3 scrapers', async () => {
    const first = await drainedMoment();
    await eventually(async () => (currentCycle() >= first.cycle + 3 ? true : undefined), 20_000, 'three more cycles');
    const last = await drainedMoment();
    const cycles = last.cycle - first.cycle;
    expect(cycles).toBeGreaterThanOrEqual(3);

    // BullMQ's event stream says, per job id, how often a scheduler added the target's job
    // ("added") and how often an add found the previous job still pending ("duplicated": an
    // overloaded host may let a job run past the next boundary; the cycles then coalesce).
    const events = await client.xrange(`${QUEUE_PREFIX}:${SCRAPE_QUEUE}:events`, String(first.at), String(last.at));
    const perJob = new Map<string, { added: number; duplicated: number }>();
    for (const [, fields] of events) {
      const e: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) e[fields[i]] = fields[i + 1];
      if (e.event !== 'added' && e.event !== 'duplicated') continue;
      const counts = perJob.get(e.jobId) ?? { added: 0, duplicated: 0 };
      counts[e.event] += 1;
      perJob.set(e.jobId, counts);
    }
    const rows = services.flatMap((service) =>
      service.members.map((m) => {
        const counts = perJob.get(scrapeJobId(service.name, `http://${m.address}${CLUSTER_PATH}`)) ?? { added: 0, duplicated: 0 };
        const hits = fleet.hits(m, CLUSTER_PATH).filter((t) => t > first.at && t <= last.at).length;
        return { target: m.address, enqueues: counts.added + counts.duplicated, added: counts.added, hits };
      }),
    );
    // Exactly one enqueue per target per cycle (one scheduler wins each cycle's claim) ...
    expect(rows.filter((r) => r.enqueues !== cycles)).toEqual([]);
    // ... and every job added was scraped exactly once: none lost, none run twice. (A mismatch
    // shows the target's last scrape health, to tell a lost job from a failed request.)
    const mismatched = rows.filter((r) => r.hits !== r.added);
    const withHealth = await Promise.all(
      mismatched.map(async (r) => {
        const service = services.find((s) => s.members.some((m) => m.address === r.target))!;
        return { ...r, health: await client.hget(`periskop:{${service.name}}:health`, r.target) };
      }),
    );
    expect(withHealth).toEqual([]);
    // Unloaded, nothing coalesces: once per cycle. (Logged, not asserted: it is about speed.)
    const coalesced = rows.filter((r) => r.added !== cycles);
    if (coalesced.length > 0) console.warn(`${coalesced.length} targets had cycles coalesced by a slow host`);
  }, 60_000);

  it('loses and double-counts nothing when a scraper and a scheduler are SIGKILLed mid-cycle', async () => {
    const expected = await snapshotOf(reference[2]);
    // Slow targets keep jobs in flight; the fleet's counters stay fixed during this phase.
    fleet.delayMs = (_, path) => (path === CLUSTER_PATH ? 1500 : 0);
    const observed: boolean[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const api of apis) observed.push(equal(await snapshotOf(api), expected));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    // The scheduler that claimed the cycle that just began, right after its claim.
    const before = (await claimOf(services[0].name)).cycle;
    const claim = await eventually(
      async () => {
        const c = await claimOf(services[0].name);
        return c.cycle > before ? c : undefined;
      },
      10_000,
      'a new cycle claim',
    );
    const victim = schedulers.find((s) => s.pid === claim.pid)!;
    expect(victim).toBeDefined();
    await victim.stop('SIGKILL');

    // A scraper while every worker holds jobs (12 slots, 21 slow jobs).
    await eventually(async () => ((await queue.getActiveCount()) >= 9 ? true : undefined), 10_000, 'jobs in flight');
    const killedAt = Date.now();
    await scrapers[0].stop('SIGKILL');
    fleet.delayMs = () => 0;

    // The next cycle is claimed by a survivor, for every service.
    const next = await eventually(
      async () => {
        const claims = await Promise.all(services.map((s) => claimOf(s.name)));
        return claims.every((c) => c.cycle > claim.cycle) ? claims : undefined;
      },
      10_000,
      'the next cycle claimed',
    );
    expect(next.map((c) => c.cycle)).toEqual(services.map(() => claim.cycle + 1));
    expect(next.every((c) => c.pid !== victim.pid)).toBe(true);

    // The dead worker's jobs stall, run again elsewhere, and every target is scraped afterwards.
    await eventually(async () => (scrapers.slice(1).some((s) => /job \S+ stalled/.test(s.output)) ? true : undefined), 20_000, 'stalled jobs recovered');
    await eventually(
      async () => (fleet.members.every((m) => fleet.hits(m, CLUSTER_PATH).some((t) => t > killedAt + LOCK_MS)) && (await pendingJobs()) === 0 ? true : undefined),
      30_000,
      'every target scraped after recovery',
    );
    watching = false;
    await watcher;
    expect(observed.length).toBeGreaterThan(0);
    expect(observed.every(Boolean)).toBe(true);
    expect(await snapshotOf(apis[0])).toEqual(expected);
    expect(await snapshotOf(apis[1])).toEqual(expected);
  }, 90_000);

  it('then grows exactly as the fleet does, the same as the reference', async () => {
    step = 2;
    await eventually(() => allAt(2), 30_000, 'step-2 totals through every API');
    const expected = await snapshotOf(reference[2]);
    expect(await snapshotOf(apis[0])).toEqual(expected);
    expect(await snapshotOf(apis[1])).toEqual(expected);
  }, 60_000);

  it('lets a scraper stopped with SIGTERM finish its in-flight jobs', async () => {
    fleet.delayMs = (_, path) => (path === CLUSTER_PATH ? 1200 : 0);
    const stalledBefore = (scrapers[2].output.match(/job \S+ stalled/g) ?? []).length;
    await eventually(async () => ((await queue.getActiveCount()) >= 5 ? true : undefined), 10_000, 'jobs in flight');
    const stoppedAt = Date.now();
    await scrapers[1].stop('SIGTERM');
    fleet.delayMs = () => 0;
    // Nothing it held stalls: once its lock would have expired and been checked, the survivor
    // has found no stalled job, and every target is scraped again.
    await eventually(
      async () => (fleet.members.every((m) => fleet.hits(m, CLUSTER_PATH).some((t) => t > stoppedAt + LOCK_MS + 1000)) ? true : undefined),
      30_000,
      'every target scraped after the drain',
    );
    expect((scrapers[2].output.match(/job \S+ stalled/g) ?? []).length).toBe(stalledBefore);
    expect(scrapers[1].output).not.toMatch(/"level":50/);
    expect(await allAt(2)).toBe(true);
  }, 60_000);
});

/** Deep equality, independent of object key order. */
function equal(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, w]) => [k, canonical(w)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
