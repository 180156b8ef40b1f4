import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { ApiAggregate } from '@periskop/wire';
import { aggregate, AppProcess, at, eventually, getJson, LoopbackFleet, occurrence, payload, RedisProcess, startRedisServer, uniqueName } from '@periskop/test-harness';

/**
 * Redis restarted mid-cycle, as docker-compose runs it (AOF, fsync every second), on the same
 * port and directory: scheduler, scraper and API reconnect by themselves, nothing is counted
 * twice or lost, and the totals follow the fleet exactly afterwards.
 */
describe('a Redis restart mid-cycle', () => {
  const AOF = ['--appendonly', 'yes', '--appendfsync', 'everysec'];
  const service = uniqueName('restart');
  let redis: RedisProcess;
  let dir: string;
  let fleet: LoopbackFleet;
  let api: AppProcess;
  const apps: AppProcess[] = [];
  let step = 1;

  const bodyOf = (i: number, s: number) =>
    payload(`${service}-t${i}`, [
      aggregate('db@timeout', 10 * s + i, [occurrence(`${service}-${i}-db-${s}`, at(s * 100 + i))]),
      aggregate(`http@${i % 2}`, s * (i + 1), [occurrence(`${service}-${i}-http-${s}`, at(s * 100 + 50 + i))]),
    ]);
  const expectedTotals = (s: number) => {
    const totals: Record<string, number> = {};
    fleet.members.forEach((_, i) => {
      totals['db@timeout'] = (totals['db@timeout'] ?? 0) + 10 * s + i;
      totals[`http@${i % 2}`] = (totals[`http@${i % 2}`] ?? 0) + s * (i + 1);
    });
    return totals;
  };
  const totals = async () =>
    Object.fromEntries((await getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`)).map((a) => [a.aggregation_key, a.total_count]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  const totalsAt = (s: number, timeoutMs = 30_000) =>
    eventually(async () => (JSON.stringify(await totals()) === JSON.stringify(sorted(expectedTotals(s))) ? true : undefined), timeoutMs, `step-${s} totals`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-restart-'));
    redis = await startRedisServer(AOF, { dir });
    fleet = await LoopbackFleet.start(4, 40);
    fleet.respond = (member) => bodyOf(member.index, step);
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `services:\n- name: ${service}\n  static_configs:\n  - targets: [${fleet.members.map((m) => `'${m.address}'`).join(', ')}]\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n`,
    );
    const env = { CONFIG_FILE: config, REDIS_URL: redis.url };
    api = await AppProcess.start('api', env);
    apps.push(api, ...(await Promise.all([AppProcess.start('scraper', env), AppProcess.start('scheduler', env)])));
  }, 60_000);

  afterAll(async () => {
    const stopped = Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    if (!(await Promise.race([stopped.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]))) {
      await Promise.all(apps.map((app) => app.stop('SIGKILL').catch(() => undefined)));
    }
    await fleet?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  it('keeps the totals exact and every app reconnects by itself', async () => {
    await totalsAt(1);

    // Step 2, with slow targets: scrapes are in flight when Redis goes away.
    step = 2;
    fleet.delayMs = () => 600;
    const since = Date.now();
    await eventually(async () => (fleet.members.every((m) => fleet.hits(m, '/errors').some((t) => t > since)) ? true : undefined), 10_000, 'scrapes in flight');
    await redis.stop();
    redis = await startRedisServer(AOF, { dir, port: redis.port });
    fleet.delayMs = () => 0;

    // The AOF brought back what was merged before the restart.
    const check = new Redis(redis.url);
    try {
      expect(await check.hlen(`periskop:{${service}}:agg`)).toBe(3);
    } finally {
      await check.quit();
    }

    await totalsAt(2);
    await eventually(
      async () => {
        const ready = await Promise.all(apps.map(async (app) => (await fetch(`${app.url}/-/ready`)).status));
        return ready.every((s) => s === 200) ? true : undefined;
      },
      20_000,
      'every app ready again',
    );

    // And the system keeps following the fleet exactly.
    step = 3;
    await totalsAt(3);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await totals()).toEqual(sorted(expectedTotals(3)));
  }, 120_000);
});

function sorted(totals: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)));
}
