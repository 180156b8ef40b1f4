import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { QUEUE_PREFIX, SCRAPE_QUEUE, scrapeJobId } from '@periskop/queue';
import { AppProcess, eventually, FakeTarget, shiftedClockEnv, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * The built scheduler on Redis's clock: restarted with a longer or a shorter refresh interval it
 * scrapes again within one new interval; run beside one whose clock is 10 minutes ahead
 * (libfaketime), each boundary is enqueued exactly once, before and after either one stops.
 */
describe('scheduling on one clock', () => {
  const redis = new Redis(testRedisUrl());
  let dir: string;
  let target: FakeTarget;
  const apps: AppProcess[] = [];

  const redisNow = async () => {
    const [s, us] = await redis.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  };
  const claimOf = async (service: string) => Number((await redis.hget(`periskop:{${service}}:cycle`, 'cycle')) ?? -1);
  const writeConfig = (service: string, intervalS: number) => {
    const file = join(dir, `${service}.yaml`);
    writeFileSync(file, `services:\n- name: ${service}\n  static_configs:\n  - targets: ['${target.address}']\n  scraper:\n    endpoint: /${service}\n    refresh_interval: ${intervalS}s\n`);
    return { CONFIG_FILE: file, REDIS_URL: testRedisUrl() };
  };
  const start = async (name: string, env: Record<string, string>) => {
    const app = await AppProcess.start(name, env);
    apps.push(app);
    return app;
  };
  const untilRedisTime = async (ms: number) => {
    for (let now = await redisNow(); now < ms; now = await redisNow()) await new Promise((r) => setTimeout(r, Math.min(200, ms - now)));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-clock-'));
    target = await FakeTarget.start();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    await target?.close();
    await redis.quit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes a new refresh interval, up or down, at the next boundary after a restart', async () => {
    const service = uniqueName('interval');
    const hits = () => target.hits.get(`/${service}`) ?? 0;
    await start('scraper', writeConfig(service, 1));
    let scheduler = await start('scheduler', writeConfig(service, 1));
    await eventually(async () => (hits() >= 2 ? true : undefined), 20_000, 'scrapes every second');

    for (const intervalS of [3, 1, 2]) {
      await scheduler.stop();
      const lastClaim = await claimOf(service);
      const hitsBefore = hits();
      scheduler = await start('scheduler', writeConfig(service, intervalS));
      const readyAt = await redisNow();
      // The first boundary claimed after the restart is on the new grid, later than the last
      // claim, and due at most one new interval after the scheduler is up (before: the new,
      // smaller cycle numbers stayed below the stored claim, and nothing ran for many cycles).
      const claimed = await eventually(
        async () => {
          const c = await claimOf(service);
          return c > lastClaim ? c : undefined;
        },
        intervalS * 1000 + 5000,
        `a claim after the restart with ${intervalS}s`,
      );
      expect(claimed % (intervalS * 1000)).toBe(0);
      expect(claimed).toBeLessThanOrEqual(readyAt + intervalS * 1000);
      await eventually(async () => (hits() > hitsBefore ? true : undefined), 10_000, `a scrape with ${intervalS}s`);
    }
  }, 90_000);

  it('enqueues each boundary exactly once beside a scheduler whose clock is 10 minutes ahead, and keeps going when either stops', async () => {
    const service = uniqueName('skew');
    const env = writeConfig(service, 1);
    const jobId = scrapeJobId(service, `http://${target.address}/${service}`);
    const right = await start('scheduler', env);
    const skewed = await start('scheduler', { ...env, ...shiftedClockEnv('+10m') });
    // The shifted clock is real: the process reports a start time 10 minutes from now.
    const metrics = await (await fetch(`${skewed.url}/metrics`)).text();
    const started = Number(/^process_start_time_seconds(?:\{[^}]*\})? (\S+)$/m.exec(metrics)![1]) * 1000;
    expect(started - (await redisNow())).toBeGreaterThan(9 * 60_000);

    /** Enqueues of the target's job (added, or found still pending) in Redis time (from, to]. */
    const enqueues = async (from: number, to: number) => {
      const events = await redis.xrange(`${QUEUE_PREFIX}:${SCRAPE_QUEUE}:events`, `${from + 1}`, `${to}`);
      return events.filter(([, f]) => {
        const e: Record<string, string> = {};
        for (let i = 0; i < f.length; i += 2) e[f[i]] = f[i + 1];
        return e.jobId === jobId && (e.event === 'added' || e.event === 'duplicated');
      }).length;
    };
    /** Windows from mid-cycle to mid-cycle: `cycles` boundaries, each must be enqueued once. */
    const window = async (cycles: number) => {
      const from = Math.floor((await redisNow()) / 1000) * 1000 + 1500;
      await untilRedisTime(from + cycles * 1000 + 100);
      return enqueues(from, from + cycles * 1000);
    };

    expect(await window(4)).toBe(4);
    // Without the skewed one: before, its claims (cycle numbers 600 ahead) stopped the other for 10 minutes.
    await skewed.stop();
    expect(await window(3)).toBe(3);
    // And the skewed one alone, beside nothing.
    const skewedAgain = await start('scheduler', { ...env, ...shiftedClockEnv('+10m') });
    await right.stop();
    expect(await window(3)).toBe(3);
    await skewedAgain.stop();
  }, 90_000);
});
