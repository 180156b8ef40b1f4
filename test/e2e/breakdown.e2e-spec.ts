import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorDetailView, ErrorPage, ServiceSummary } from '@periskop/wire';
import { aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * `aggregation.breakdown_labels` through the whole pipeline: the scheduler hands each target's
 * label values to its scrape job, the merge counts each key per value, the detail answers it.
 */
describe('breakdown by target label end to end', () => {
  const service = uniqueName('brk');
  const key = 'db@timeout';
  /** Reported only by the 2.0 target. */
  const newKey = 'cache@miss';
  let v1: FakeTarget;
  let v2: FakeTarget;
  let apps: AppProcess[] = [];
  let api: AppProcess;

  const detail = () => getJson<ErrorDetailView>(`${api.url}/api/services/${service}/error?key=${encodeURIComponent(key)}`);

  beforeAll(async () => {
    [v1, v2] = await Promise.all([FakeTarget.start(), FakeTarget.start()]);
    v1.serve(payload('uuid-v1', [aggregate(key, 3, [occurrence('a1', new Date(Date.now() - 5000))])]));
    v2.serve(payload('uuid-v2', [aggregate(key, 7, [occurrence('b1', new Date(Date.now() - 3000))]), aggregate(newKey, 4, [occurrence('c1', new Date(Date.now() - 2000))])]));
    const dir = mkdtempSync(join(tmpdir(), 'periskop-breakdown-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      [
        'aggregation:',
        '  breakdown_labels: [version, zone]',
        'services:',
        `- name: ${service}`,
        '  static_configs:',
        `  - targets: ['${v1.address}']`,
        '    labels: { version: "1.0", zone: eu-west-1 }',
        `  - targets: ['${v2.address}']`,
        '    labels: { version: "2.0", zone: eu-west-1 }',
        '  scraper:',
        '    endpoint: /errors',
        '    refresh_interval: 1s',
        '',
      ].join('\n'),
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    api = await AppProcess.start('api', env);
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all([v1?.close(), v2?.close()]);
  });

  const shape = (view: ErrorDetailView) => Object.fromEntries(Object.entries(view.breakdown ?? {}).map(([label, values]) => [label, values.map((v) => [v.value, v.count])]));

  it('counts the key per version and zone of the targets that report it', async () => {
    const view = await eventually(
      async () => {
        const d = await detail().catch(() => undefined);
        return d?.total_count === 10 ? d : undefined;
      },
      20_000,
      'count 10',
    );
    expect(shape(view)).toEqual({
      version: [
        ['2.0', 7],
        ['1.0', 3],
      ],
      zone: [['eu-west-1', 10]],
    });
    for (const value of view.breakdown!.version) expect(value.last_seen).toBeGreaterThanOrEqual(value.first_seen);
  });

  it('filters the error list by label value, with the counts of the matching values', async () => {
    const list = async (query: string) => {
      const page = await getJson<ErrorPage>(`${api.url}/api/services/${service}/errors?sort=count&${query}`);
      return page.items.map((i) => [i.aggregation_key, i.total_count]);
    };
    expect(await list('')).toEqual([
      [key, 10],
      [newKey, 4],
    ]);
    expect(await list('label=version%3D1.0')).toEqual([[key, 3]]);
    expect(await list('label=version%3D2.0')).toEqual([
      [key, 7],
      [newKey, 4],
    ]);
    expect(await list('label=version%3D1.0&label=version%3D2.0')).toEqual([
      [key, 10],
      [newKey, 4],
    ]);
    expect(await list('label=version%3D1.0&label=zone%3Deu-west-1')).toEqual([[key, 3]]);
    expect(await list('label=zone%3Dus-east-1')).toEqual([]);
    const bad = await fetch(`${api.url}/api/services/${service}/errors?label=version`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('expected name=value');
  });

  it('lists the breakdown labels and values the service knows on the services list', async () => {
    const services = await getJson<ServiceSummary[]>(`${api.url}/api/services`);
    const mine = services.find((s) => s.name === service)!;
    expect(mine.breakdown_labels).toEqual({
      version: [
        { value: '1.0', targets: 1 },
        { value: '2.0', targets: 1 },
      ],
      zone: [{ value: 'eu-west-1', targets: 2 }],
    });
  });

  it('answers the value each label first saw the key in', async () => {
    const view = await getJson<ErrorDetailView>(`${api.url}/api/services/${service}/error?key=${encodeURIComponent(newKey)}`);
    expect(view.first_seen_in).toEqual({ version: '2.0', zone: 'eu-west-1' });
    const hourly = view.breakdown!.version[0].trend!;
    expect(hourly).toHaveLength(24);
    expect(hourly.reduce((a, b) => a + b, 0)).toBe(4); // (the last hour or two: the merge may cross an hour)
  });

  it('adds later growth to the value of the target that grew', async () => {
    v1.serve(payload('uuid-v1', [aggregate(key, 5, [occurrence('a2', new Date())]), aggregate(newKey, 9, [occurrence('a3', new Date())])]));
    const view = await eventually(async () => ((await detail()).total_count === 12 ? detail() : undefined), 20_000, 'count 12');
    expect(shape(view)).toEqual({
      version: [
        ['2.0', 7],
        ['1.0', 5],
      ],
      zone: [['eu-west-1', 12]],
    });
    // 1.0 now reports the newer key more often, but 2.0 had it first.
    const later = await eventually(
      async () => {
        const d = await getJson<ErrorDetailView>(`${api.url}/api/services/${service}/error?key=${encodeURIComponent(newKey)}`);
        return d.total_count === 13 ? d : undefined;
      },
      20_000,
      'count 13',
    );
    expect(shape(later)).toEqual({
      version: [
        ['1.0', 9],
        ['2.0', 4],
      ],
      zone: [['eu-west-1', 13]],
    });
    expect(later.first_seen_in).toEqual({ version: '2.0', zone: 'eu-west-1' });
  });
});
