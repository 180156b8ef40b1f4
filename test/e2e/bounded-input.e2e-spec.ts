import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, TargetsView } from '@periskop/wire';
import { AppProcess, eventually, FakeTarget, getJson, RedisProcess, startRedisServer, uniqueName } from '@periskop/test-harness';

/**
 * Through the built apps: a hostile value costs one occurrence (the target's other aggregates
 * merge, the refusal is listed in /api/targets), and a service removed from the config leaves
 * `/services/` once `aggregation.key_retention` has passed. On a redis-server of its own: the
 * short retention here would drop other test files' services from the shared one.
 */
describe('bounded input and services that leave', () => {
  let redis: RedisProcess;
  let dir: string;
  let hostile: FakeTarget;
  let other: FakeTarget;
  let api: AppProcess;
  let scheduler: AppProcess;
  const apps: AppProcess[] = [];
  const [kept, gone] = [uniqueName('kept'), uniqueName('gone')];
  const RETENTION_S = 8;

  const writeConfig = (names: string[]) => {
    const file = join(dir, `periskop-${names.length}.yaml`);
    const targets: Record<string, FakeTarget> = { [kept]: hostile, [gone]: other };
    writeFileSync(
      file,
      `aggregation:\n  key_retention: ${RETENTION_S}s\nservices:\n` +
        names.map((n) => `- name: ${n}\n  static_configs:\n  - targets: ['${targets[n].address}']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\n`).join(''),
    );
    return { CONFIG_FILE: file, REDIS_URL: redis.url };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-bounded-'));
    redis = await startRedisServer();
    [hostile, other] = await Promise.all([FakeTarget.start(), FakeTarget.start()]);
    // Raw JSON text: a value nested 5,000 deep cannot even be produced by JSON.stringify.
    let deep = '"leaf"';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const sample = (uuid: string, extra = '') => `{"uuid":"${uuid}","timestamp":"2026-01-01T00:00:00Z","error":{"class":"E","message":"m"}${extra}}`;
    hostile.serve(
      `{"target_uuid":"hostile-1","aggregated_errors":[` +
        `{"aggregation_key":"fine@1","total_count":3,"latest_errors":[${sample('f1')}]},` +
        `{"aggregation_key":"deep@body","total_count":2,"latest_errors":[${sample('d1', `,"http_context":{"request_body":${deep}}`)}]},` +
        `{"aggregation_key":"huge@count","total_count":9007199254740993},` +
        `{"aggregation_key":"fine@2","total_count":4,"latest_errors":[${sample('f2')}]}]}`,
    );
    other.serve({ aggregated_errors: [{ aggregation_key: 'other@1', total_count: 1, severity: 'error', latest_errors: [] }] });
    const env = writeConfig([kept, gone]);
    api = await AppProcess.start('api', env);
    scheduler = await AppProcess.start('scheduler', env);
    apps.push(api, scheduler, await AppProcess.start('scraper', env));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop().catch(() => undefined)));
    await Promise.all([hostile?.close(), other?.close()]);
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 40_000);

  it('refuses only the hostile occurrence and the oversize count; the other aggregates merge', async () => {
    const errors = await eventually(
      async () => {
        const list = await getJson<ApiAggregate[]>(`${api.url}/services/${kept}/errors/`);
        return list.length >= 3 ? list : undefined;
      },
      20_000,
      'the hostile target merged',
    );
    const byKey = Object.fromEntries(errors.map((a) => [a.aggregation_key, { count: a.total_count, samples: a.latest_errors.map((o) => o.uuid) }]));
    expect(byKey).toEqual({
      'fine@1': { count: 3, samples: ['f1'] },
      'fine@2': { count: 4, samples: ['f2'] },
      // Its count is fine; only the occurrence with the 5,000-deep body is refused.
      'deep@body': { count: 2, samples: [] },
    });

    const targets = await getJson<TargetsView>(`${api.url}/api/targets`);
    const health = targets[kept].find((t) => t.endpoint === `${hostile.address}/errors`)!.health;
    expect(health.status).toBe('up');
    expect(health.refused).toEqual([
      'aggregated_errors[1].latest_errors[0] (key "deep@body"): request_body is nested deeper than 64 levels',
      expect.stringMatching(/^aggregated_errors\[2\] \(key "huge@count"\): total_count must be a non-negative integer/),
    ]);
  });

  it('lists a service removed from the config until key_retention has passed, then no more', async () => {
    expect(await getJson<string[]>(`${api.url}/services/`)).toEqual([kept, gone].sort());
    // A rolling update: the new scheduler (without the service) is up before the old one stops.
    const old = scheduler;
    scheduler = await AppProcess.start('scheduler', writeConfig([kept]));
    apps.push(scheduler);
    await old.stop();
    const removedAt = Date.now();
    // Still listed (and its errors readable) right after it left the config ...
    expect(await getJson<string[]>(`${api.url}/services/`)).toContain(gone);
    expect((await fetch(`${api.url}/services/${gone}/errors/`)).status).toBe(200);
    // ... then gone from /services/, /targets/ and the service's own paths.
    await eventually(async () => ((await getJson<string[]>(`${api.url}/services/`)).includes(gone) ? undefined : true), RETENTION_S * 1000 + 10_000, `${gone} leaving /services/`);
    expect(Date.now() - removedAt).toBeGreaterThan(1000);
    expect(await getJson<string[]>(`${api.url}/services/`)).toEqual([kept]);
    expect(Object.keys(await getJson<Record<string, unknown>>(`${api.url}/targets/`))).toEqual([kept]);
    expect((await fetch(`${api.url}/services/${gone}/errors/`)).status).toBe(404);
  }, 40_000);
});
