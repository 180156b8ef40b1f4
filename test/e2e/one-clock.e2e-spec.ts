import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, InstancesView, TargetsView } from '@periskop/wire';
import { aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/** Debian's libfaketime: a process whose wall clock is shifted (FAKETIME), the rest of the machine unchanged. */
const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find((p) => existsSync(p));

/**
 * Two scrapers, one whose clock is 10 minutes ahead (a node with broken NTP). Ordering is the
 * scheduler's cycle and stored times are Redis's, so no merge is refused as stale, no target is
 * forgotten, and the counts are exact.
 */
(LIBFAKETIME ? describe : describe.skip)('one clock: a scraper 10 minutes ahead changes nothing', () => {
  const service = uniqueName('clock');
  const targets: FakeTarget[] = [];
  let apps: AppProcess[] = [];
  let api: AppProcess;
  let count = 1;

  const serveAll = () => targets.forEach((t, i) => t.serve(payload(`clock-${i}`, [aggregate('db@timeout', count, [occurrence(`o-${i}-${count}`, new Date())])])));

  beforeAll(async () => {
    targets.push(...(await Promise.all([FakeTarget.start(), FakeTarget.start(), FakeTarget.start(), FakeTarget.start()])));
    serveAll();
    const dir = mkdtempSync(join(tmpdir(), 'periskop-clock-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `aggregation:\n  target_expiry_cycles: 3\nservices:\n- name: ${service}\n  static_configs:\n  - targets: [${targets.map((t) => `'${t.address}'`).join(', ')}]\n  scraper: {endpoint: /errors, refresh_interval: 1s}\n`,
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    const ahead = { ...env, LD_PRELOAD: LIBFAKETIME!, FAKETIME: '+10m', FAKETIME_DONT_FAKE_MONOTONIC: '1', FAKETIME_NO_CACHE: '1' };
    api = await AppProcess.start('api', env);
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scraper', ahead), await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(targets.map((t) => t.close()));
  });

  it('counts exactly across cycles and forgets no target', async () => {
    const total = async () => (await getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`)).find((a) => a.aggregation_key === 'db@timeout')?.total_count;
    for (const next of [1, 3, 6, 10]) {
      count = next;
      serveAll();
      await eventually(async () => ((await total()) === targets.length * next ? true : undefined), 30_000, `total ${targets.length * next}`);
    }
    // A few more cycles at the same counts: nothing is counted again, and every target is still known.
    const hits = () => targets[0].hits.get('/errors') ?? 0;
    const after = hits();
    await eventually(async () => (hits() >= after + 4 ? true : undefined), 30_000, 'four more scrapes');
    expect(await total()).toBe(targets.length * 10);
    const instances = await getJson<InstancesView>(`${api.url}/api/services/${service}/instances?key=db@timeout`);
    expect(instances.instances.map((i) => i.total_count)).toEqual([10, 10, 10, 10]);
    // Last seen is Redis's clock, not the ahead scraper's: nothing is in the future.
    const nowSeconds = Date.now() / 1000;
    for (const i of instances.instances) expect(i.last_seen).toBeLessThanOrEqual(nowSeconds + 5);
    const view = await getJson<TargetsView>(`${api.url}/api/targets`);
    expect(view[service].map((t) => t.health.status)).toEqual(['up', 'up', 'up', 'up']);
    for (const t of view[service]) expect(t.health.last_scrape).toBeLessThanOrEqual(nowSeconds + 5);
    // And the scraper 10 minutes ahead did merge some of those scrapes.
    const aheadMetrics = await (await fetch(`${apps[2].url}/metrics`)).text();
    const merged = new RegExp(`periskop_scrape_duration_seconds_count\\{[^}]*service_name="${service}"[^}]*outcome="ok"[^}]*\\} (\\d+)`).exec(aheadMetrics);
    expect(Number(merged?.[1] ?? 0)).toBeGreaterThan(0);
  }, 150_000);
});
