import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { QUEUE_PREFIX, SCRAPE_QUEUE, scrapeJobId } from '@periskop/queue';
import { CONFIG_VERSION_KEY } from '@periskop/store';
import { ADMIN_AUTH_YAML, ADMIN_HEADERS, AppProcess, eventually, FakeTarget, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * Config reload on the built apps: SIGHUP, `POST /-/reload` (an invalid file refused with its
 * problems, the running config kept), replicas following a reload made on another one, and two
 * schedulers enqueueing every boundary exactly once across reloads.
 */
describe('config reload', () => {
  const redis = new Redis(testRedisUrl());
  let dir: string;
  let file: string;
  const targets: FakeTarget[] = [];
  const apps: AppProcess[] = [];

  interface ServiceSpec {
    name: string;
    targets: FakeTarget[];
    intervalS?: number;
    /** A relabel rule setting `env`: changing it restarts the service's discovery, not its targets. */
    env?: string;
    timeout?: string;
  }
  const yamlOf = (services: ServiceSpec[]) =>
    'services:\n' +
    services
      .map(
        (s) =>
          `- name: ${s.name}\n  static_configs:\n  - targets: [${s.targets.map((t) => `'${t.address}'`).join(', ')}]\n` +
          (s.env ? `  relabel_configs:\n  - target_label: env\n    replacement: ${s.env}\n` : '') +
          `  scraper:\n    endpoint: /${s.name}\n    refresh_interval: ${s.intervalS ?? 1}s\n` +
          (s.timeout ? `    timeout: ${s.timeout}\n` : ''),
      )
      .join('') +
    // POST /-/reload is an operator's action: the admin role.
    ADMIN_AUTH_YAML;
  const writeConfig = (services: ServiceSpec[]) => writeFileSync(file, yamlOf(services));
  const env = () => ({ CONFIG_FILE: file, REDIS_URL: testRedisUrl(), CONFIG_POLL_MS: '300' });
  const start = async (name: string) => {
    const app = await AppProcess.start(name, env());
    apps.push(app);
    return app;
  };
  const hits = (service: string) => targets.reduce((sum, t) => sum + (t.hits.get(`/${service}`) ?? 0), 0);
  const metric = async (app: AppProcess, name: string) => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const redisNow = async () => {
    const [s, us] = await redis.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  };
  const untilRedisTime = async (ms: number) => {
    for (let now = await redisNow(); now < ms; now = await redisNow()) await new Promise((r) => setTimeout(r, Math.min(200, ms - now)));
  };
  /** Enqueues (added, or found still pending) per job id in Redis time (from, to]. */
  const enqueues = async (from: number, to: number): Promise<Map<string, number>> => {
    const events = await redis.xrange(`${QUEUE_PREFIX}:${SCRAPE_QUEUE}:events`, `${from + 1}`, `${to}`);
    const out = new Map<string, number>();
    for (const [, f] of events) {
      const e: Record<string, string> = {};
      for (let i = 0; i < f.length; i += 2) e[f[i]] = f[i + 1];
      if (e.event === 'added' || e.event === 'duplicated') out.set(e.jobId, (out.get(e.jobId) ?? 0) + 1);
    }
    return out;
  };
  const jobIdsOf = (s: ServiceSpec) => s.targets.map((t) => scrapeJobId(s.name, `http://${t.address}/${s.name}`));
  const claimOf = async (service: string) => Number((await redis.hget(`periskop:{${service}}:cycle`, 'cycle')) ?? -1);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-reload-'));
    file = join(dir, 'periskop.yaml');
    for (let i = 0; i < 10; i++) targets.push(await FakeTarget.start());
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    await Promise.all(targets.map((t) => t.close()));
    await redis.quit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes a changed file on SIGHUP: a new service is scraped, a removed one no longer enqueued, a new interval used', async () => {
    const kept: ServiceSpec = { name: uniqueName('kept'), targets: [targets[0]] };
    const removed: ServiceSpec = { name: uniqueName('removed'), targets: [targets[1]] };
    const added: ServiceSpec = { name: uniqueName('added'), targets: [targets[2]] };
    writeConfig([kept, removed]);
    const [, scheduler, api] = [await start('scraper'), await start('scheduler'), await start('api')];
    await eventually(async () => (hits(kept.name) > 0 && hits(removed.name) > 0 ? true : undefined), 20_000, 'both services scraped');

    writeConfig([{ ...kept, intervalS: 3 }, added]);
    process.kill(scheduler.pid!, 'SIGHUP');
    process.kill(api.pid!, 'SIGHUP');
    await eventually(async () => (hits(added.name) > 0 ? true : undefined), 10_000, 'the added service scraped');

    // From a moment after the reload on: the removed service is never enqueued again, the kept
    // one is claimed on its new 3 s grid.
    const from = await redisNow();
    const keptClaimBefore = await claimOf(kept.name);
    await untilRedisTime(from + 3500);
    const counts = await enqueues(from, await redisNow());
    expect(counts.get(jobIdsOf(removed)[0]) ?? 0).toBe(0);
    expect(counts.get(jobIdsOf(added)[0]) ?? 0).toBeGreaterThanOrEqual(3);
    const keptClaim = await claimOf(kept.name);
    expect(keptClaim).toBeGreaterThan(keptClaimBefore);
    expect(keptClaim % 3000).toBe(0);
    expect(await metric(scheduler, 'periskop_config_last_reload_successful')).toBe(1);
    expect(await metric(api, 'periskop_config_last_reload_successful')).toBe(1);
    // The API lists the new service's targets through the shared state.
    await eventually(async () => ((await metric(api, `periskop_instances_scrapped\\{service_name="${added.name}"\\}`)) === 1 ? true : undefined), 10_000, 'instances of the added service');

    // POST with an invalid file: refused with every problem, the running config keeps going.
    writeFileSync(file, `services:\n- name: ${kept.name}\n  scraper:\n    refresh_interval: often\n  nonsense: 1\n${ADMIN_AUTH_YAML}`);
    const refused = await fetch(`${api.url}/-/reload`, { method: 'POST', headers: ADMIN_HEADERS });
    expect(refused.status).toBe(500);
    const body = (await refused.json()) as { status: string; problems: string[] };
    expect(body.status).toBe('error');
    expect(body.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/services\[0\]\.scraper\.refresh_interval \(line 4\)/), expect.stringMatching(/services\[0\]\.nonsense \(line 5\): unknown key/)]),
    );
    expect(await metric(api, 'periskop_config_last_reload_successful')).toBe(0);
    expect(api.output).toMatch(/nonsense/);
    const addedHits = hits(added.name);
    await eventually(async () => (hits(added.name) > addedHits ? true : undefined), 10_000, 'the running config still scraping');

    // A valid file through the API: the scheduler, never signalled, follows through Redis.
    const late: ServiceSpec = { name: uniqueName('late'), targets: [targets[3]] };
    writeConfig([{ ...kept, intervalS: 3 }, added, late]);
    const accepted = await fetch(`${api.url}/-/reload`, { method: 'POST', headers: ADMIN_HEADERS });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'success', changed: true });
    expect(await metric(api, 'periskop_config_last_reload_successful')).toBe(1);
    expect(await metric(api, 'periskop_config_last_reload_success_timestamp_seconds')).toBeGreaterThan(from / 1000);
    await eventually(async () => (hits(late.name) > 0 ? true : undefined), 10_000, 'the scheduler following the API reload');

    // The scheduler answers POST /-/reload as well.
    const own = await fetch(`${scheduler.url}/-/reload`, { method: 'POST' });
    expect(await own.json()).toMatchObject({ status: 'success', changed: false });
    await Promise.all([scheduler.stop(), api.stop()]);
  }, 90_000);

  it('with two schedulers, enqueues every boundary exactly once across repeated reloads', async () => {
    const loaded: ServiceSpec = { name: uniqueName('load'), targets: targets.slice(4, 10), env: 'a' };
    const other: ServiceSpec = { name: uniqueName('other'), targets: [targets[0]] };
    writeConfig([loaded]);
    const schedulers = [await start('scheduler'), await start('scheduler')];
    const api = await start('api');
    await eventually(async () => (targets.slice(4).every((t) => (t.hits.get(`/${loaded.name}`) ?? 0) > 0) ? true : undefined), 20_000, 'every target scraped');

    // Mid-cycle to mid-cycle windows on Redis's clock: each boundary is one enqueue per target.
    const from = Math.floor((await redisNow()) / 1000) * 1000 + 1500;
    await untilRedisTime(from);
    const variants: ServiceSpec[][] = [
      [{ ...loaded, env: 'b' }, other], // relabel changed: discovery restarted; a service added
      [{ ...loaded, env: 'b', timeout: '500ms' }], // scraper settings changed; a service removed
      [{ ...loaded, env: 'c' }, other],
      [loaded],
    ];
    for (const [i, variant] of variants.entries()) {
      writeConfig(variant);
      if (i % 2 === 0) {
        for (const s of schedulers) process.kill(s.pid!, 'SIGHUP');
      } else {
        expect((await fetch(`${api.url}/-/reload`, { method: 'POST', headers: ADMIN_HEADERS })).status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 1300));
    }
    const cycles = Math.floor(((await redisNow()) - from) / 1000) + 1;
    await untilRedisTime(from + cycles * 1000 + 100);
    const counts = await enqueues(from, from + cycles * 1000);
    expect(Object.fromEntries(jobIdsOf(loaded).map((id) => [id, counts.get(id) ?? 0]))).toEqual(Object.fromEntries(jobIdsOf(loaded).map((id) => [id, cycles])));
    for (const s of schedulers) expect(await metric(s, 'periskop_config_last_reload_successful')).toBe(1);
  }, 90_000);

  it('with --watch-config, follows a file swapped the way Kubernetes updates a ConfigMap volume', async () => {
    // A ConfigMap volume: periskop.yaml -> ..data/periskop.yaml, ..data -> a timestamped directory
    // that an update replaces by renaming a new link over ..data.
    const volume = join(dir, 'configmap');
    const version = (n: number, services: ServiceSpec[]) => {
      mkdirSync(join(volume, `..v${n}`), { recursive: true });
      writeFileSync(join(volume, `..v${n}`, 'periskop.yaml'), yamlOf(services));
      symlinkSync(`..v${n}`, join(volume, '..data_tmp'));
      renameSync(join(volume, '..data_tmp'), join(volume, '..data'));
    };
    const first: ServiceSpec = { name: uniqueName('watch'), targets: [targets[0]] };
    const second: ServiceSpec = { name: uniqueName('watched'), targets: [targets[1]] };
    version(1, [first]);
    // No reload requested through the API: only the watch can see the new file.
    await redis.del(CONFIG_VERSION_KEY);
    symlinkSync('..data/periskop.yaml', join(volume, 'periskop.yaml'));
    const watchEnv = { ...env(), CONFIG_FILE: join(volume, 'periskop.yaml') };
    apps.push(await AppProcess.start('scraper', watchEnv));
    const scheduler = await AppProcess.start('scheduler', { ...watchEnv, WATCH_CONFIG: 'true' });
    apps.push(scheduler);
    await eventually(async () => (hits(first.name) > 0 ? true : undefined), 20_000, 'the first service scraped');
    version(2, [first, second]);
    await eventually(async () => (hits(second.name) > 0 ? true : undefined), 20_000, 'the service of the swapped file scraped');
    await scheduler.stop();
  }, 60_000);
});
