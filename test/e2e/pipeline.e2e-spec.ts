import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, TargetsView } from '@periskop/wire';
import { aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * The whole pipeline as deployed: the built scheduler, scraper and API as separate processes,
 * real HTTP targets on loopback, a real redis-server. Reads the API until the aggregate appears.
 */
describe('pipeline end to end', () => {
  const service = uniqueName('e2e');
  let targetA: FakeTarget;
  let targetB: FakeTarget;
  let apps: AppProcess[] = [];
  let api: AppProcess;

  const errors = () => getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`);
  const countOf = async (key: string) => (await errors()).find((a) => a.aggregation_key === key)?.total_count;

  beforeAll(async () => {
    targetA = await FakeTarget.start();
    targetB = await FakeTarget.start();
    targetA.serve(payload('uuid-a', [aggregate('db@timeout', 3, [occurrence('a1', new Date(Date.now() - 5000)), occurrence('a2', new Date(Date.now() - 4000))])]));
    targetB.serve({ aggregated_errors: [aggregate('db@timeout', 4, [occurrence('b1', new Date(Date.now() - 3000))])] });

    const dir = mkdtempSync(join(tmpdir(), 'periskop-e2e-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `services:\n- name: ${service}\n  static_configs:\n  - targets: ['${targetA.address}', '${targetB.address}']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n` +
        // Resolving needs the resolver role; this system lets anyone resolve, as the original did.
        'auth:\n  anonymous: resolver\n',
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    api = await AppProcess.start('api', env);
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all([targetA?.close(), targetB?.close()]);
  });

  it('sums both instances, newest occurrence first, times in Unix seconds', async () => {
    await eventually(async () => ((await countOf('db@timeout')) === 7 ? true : undefined), 20_000, 'count 7');
    const [agg] = await errors();
    expect(agg.latest_errors.map((o) => o.uuid)).toEqual(['b1', 'a2', 'a1']);
    expect(Number.isInteger(agg.latest_errors[0].timestamp)).toBe(true);
    expect(Number.isInteger(agg.created_at)).toBe(true);
  });

  it('adds only growth on later cycles, and keeps counting when one target breaks', async () => {
    targetA.serve(payload('uuid-a', [aggregate('db@timeout', 5, [occurrence('a3', new Date())])]));
    targetB.serve('{"aggregated_errors": [ this is not json');
    await eventually(async () => ((await countOf('db@timeout')) === 9 ? true : undefined), 20_000, 'count 9');
    const broken = await eventually(
      async () => {
        const now = await getJson<TargetsView>(`${api.url}/api/targets`);
        const b = now[service].find((t) => t.endpoint === `${targetB.address}/errors`);
        return b?.health.status === 'down' ? b : undefined;
      },
      10_000,
      'target B marked down',
    );
    expect(broken.health.error).toMatch(/^body is not valid JSON/);
    // Stays at 9 across further cycles: the same payload is not counted twice.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await countOf('db@timeout')).toBe(9);
  });

  it('lists targets the way Periskop does', async () => {
    const targets = await getJson<Record<string, Array<{ endpoint: string }>>>(`${api.url}/targets/`);
    expect(targets[service]).toEqual(expect.arrayContaining([{ endpoint: `${targetA.address}/errors` }, { endpoint: `${targetB.address}/errors` }]));
  });

  it('resolves a key, then brings it back on a new occurrence', async () => {
    const res = await fetch(`${api.url}/services/${service}/errors/${encodeURIComponent('db@timeout')}/`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await errors()).toEqual([]);
    targetA.serve(payload('uuid-a', [aggregate('db@timeout', 6, [occurrence('a3', new Date(Date.now() - 60_000)), occurrence('a4', new Date())])]));
    const back = await eventually(async () => (await errors()).find((a) => a.aggregation_key === 'db@timeout'), 20_000, 'regression');
    expect(back.total_count).toBe(10);
    expect(back.latest_errors.map((o) => o.uuid)).toEqual(['a4']);
  });

  it("answers 404 with Periskop's text for an unknown service", async () => {
    const res = await fetch(`${api.url}/services/no-such-service/errors/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('service no-such-service not found\n');
  });
});
