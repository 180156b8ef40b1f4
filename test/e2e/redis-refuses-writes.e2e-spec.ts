import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { AppProcess, eventually, FakeTarget, RedisProcess, startRedisServer, uniqueName } from '@periskop/test-harness';

/**
 * `/-/ready` of every app is red while its Redis refuses writes — out of memory under
 * `noeviction`, or turned into a read-only replica — although PING still answers, and green again
 * once Redis takes writes. `/-/health` (liveness) stays green throughout: restarting the app
 * would not help.
 */
describe('readiness while Redis refuses writes', () => {
  let redis: RedisProcess;
  let primary: RedisProcess;
  let admin: Redis;
  let target: FakeTarget;
  let dir: string;
  const apps: AppProcess[] = [];

  const states = async (path: string) =>
    Promise.all(
      apps.map(async (app) => {
        const res = await fetch(`${app.url}${path}`);
        return { app: app.name, status: res.status, body: await res.text() };
      }),
    );
  /** Every app answers `/-/ready` with `status`, and its body matches `body`. */
  const allReady = (status: number, body: RegExp) =>
    eventually(
      async () => {
        const now = await states('/-/ready');
        return now.every((s) => s.status === status && body.test(s.body)) ? now : undefined;
      },
      20_000,
      `/-/ready ${status} ${body} on every app`,
    );

  beforeAll(async () => {
    [redis, primary] = await Promise.all([startRedisServer(['--maxmemory-policy', 'noeviction']), startRedisServer()]);
    admin = new Redis(redis.url);
    target = await FakeTarget.start();
    dir = mkdtempSync(join(tmpdir(), 'periskop-ready-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, `services:\n- name: ${uniqueName('ready')}\n  static_configs:\n  - targets: ['${target.address}']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n`);
    const env = { CONFIG_FILE: config, REDIS_URL: redis.url };
    apps.push(...(await Promise.all(['api', 'scheduler', 'scraper'].map((name) => AppProcess.start(name, env)))));
  }, 60_000);

  afterAll(async () => {
    // Writable again first, so the apps can shut down cleanly; a hung one is killed.
    await admin?.config('SET', 'maxmemory', '0').catch(() => undefined);
    await admin?.replicaof('NO', 'ONE').catch(() => undefined);
    const stopped = Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    if (!(await Promise.race([stopped.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]))) {
      await Promise.all(apps.map((app) => app.stop('SIGKILL').catch(() => undefined)));
    }
    await admin?.quit().catch(() => undefined);
    await target?.close();
    await Promise.all([redis?.stop(), primary?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  it('is ready while Redis takes writes', async () => {
    await allReady(200, /"redis":"up"/);
  });

  it('goes red while Redis is out of memory (noeviction), and green once it has room again', async () => {
    // Filled until OOM, then held there: a refused command frees its buffers, so the limit goes
    // just below what the data uses (as when the data grows past a fixed maxmemory).
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
    await admin.config('SET', 'maxmemory', String((await usedMemory()) + 1024 * 1024));
    const filler = 'x'.repeat(64 * 1024);
    let refused: Error | undefined;
    for (let i = 0; i < 1000 && !refused; i++) await admin.set(`filler:${i}`, filler).catch((err: Error) => (refused = err));
    expect(refused?.message).toMatch(/^OOM /);
    await admin.config('SET', 'maxmemory', String((await usedMemory()) - 256 * 1024));
    await expect(admin.set('one-more', 'x')).rejects.toThrow(/^OOM /);
    expect(await admin.ping()).toBe('PONG');

    const red = await allReady(503, /"redis":"down: OOM /);
    expect(red.map((s) => s.app).sort()).toEqual(['api', 'scheduler', 'scraper']);
    expect((await states('/-/health')).map((s) => s.status)).toEqual([200, 200, 200]);

    await admin.config('SET', 'maxmemory', '0');
    await allReady(200, /"redis":"up"/);
  });

  it('goes red while Redis is a read-only replica, and green once it is a primary again', async () => {
    await admin.replicaof('127.0.0.1', primary.port);
    expect(await admin.ping()).toBe('PONG');
    await allReady(503, /"redis":"down: READONLY /);
    expect((await states('/-/health')).map((s) => s.status)).toEqual([200, 200, 200]);

    await admin.replicaof('NO', 'ONE');
    await allReady(200, /"redis":"up"/);
  });
});
