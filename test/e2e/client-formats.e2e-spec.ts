import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, TargetsView } from '@periskop/wire';
import { AppProcess, eventually, FakeTarget, getJson, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { CLIENT_FIXTURES } from '../fixtures/client-payloads';

/** Every official client's format, served by a real target, through scheduler, scraper and API. */
describe('every client format through the whole pipeline', () => {
  const service = uniqueName('formats');
  const targets: FakeTarget[] = [];
  const apps: AppProcess[] = [];
  let api: AppProcess;

  beforeAll(async () => {
    for (const fixture of CLIENT_FIXTURES) {
      const target = await FakeTarget.start();
      target.serve(fixture.body);
      targets.push(target);
    }
    const dir = mkdtempSync(join(tmpdir(), 'periskop-formats-'));
    const config = join(dir, 'periskop.yaml');
    const list = targets.map((t) => `'${t.address}'`).join(', ');
    writeFileSync(config, `services:\n- name: ${service}\n  static_configs:\n  - targets: [${list}]\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n`);
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    api = await AppProcess.start('api', env);
    apps.push(api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await Promise.all(targets.map((t) => t.close()));
  });

  it('merges each format into the right aggregate', async () => {
    const expected = new Map<string, number>();
    for (const fixture of CLIENT_FIXTURES) for (const a of fixture.expected.aggregates) expected.set(a.key, (expected.get(a.key) ?? 0) + a.totalCount);
    const aggregates = await eventually(
      async () => {
        const list = await getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`);
        return list.length === expected.size ? list : undefined;
      },
      20_000,
      `${expected.size} aggregates`,
    );
    expect(new Map(aggregates.map((a) => [a.aggregation_key, a.total_count]))).toEqual(expected);
    // created_at is never year 1, whatever the client sent.
    for (const a of aggregates) expect(a.created_at).toBeGreaterThan(0);
  });

  it('records refused parts on the target that sent them', async () => {
    const malformed = CLIENT_FIXTURES.findIndex((f) => f.expected.refused > 0);
    const view = await getJson<TargetsView>(`${api.url}/api/targets`);
    const target = view[service].find((t) => t.endpoint === `${targets[malformed].address}/errors`)!;
    expect(target.health.status).toBe('up');
    expect(target.health.refused).toHaveLength(CLIENT_FIXTURES[malformed].expected.refused);
    expect(target.health.refused[0]).toMatch(/timestamp is not an RFC 3339 time/);
  });
});
