import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { AggregateWriter, healthOfMergedScrape } from '@periskop/store';
import { normalizePayload, type ErrorDetailView, type ErrorPage, type InstancesView, type TrendView } from '@periskop/wire';
import { ADMIN_AUTH_YAML, ADMIN_HEADERS, aggregate, AppProcess, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/** The dashboard's endpoints on the built API, over data merged through the real merge script. */
describe('dashboard API', () => {
  const service = uniqueName('dash');
  const redis = new Redis(testRedisUrl());
  let api: AppProcess;
  const now = Date.now();

  const merge = (target: string, aggregates: ReturnType<typeof aggregate>[], fetchedAtMs: number) => {
    const normalized = normalizePayload(payload(target, aggregates), fetchedAtMs);
    return new AggregateWriter(redis).merge({
      service,
      address: `${target}.local:80`,
      url: `http://${target}.local:80/errors`,
      cycle: 1,
      payload: normalized,
      health: healthOfMergedScrape(normalized, fetchedAtMs, 1),
      sampleCap: 100,
      targetTtlMs: 3_600_000,
      maxKeys: 10_000,
    });
  };

  beforeAll(async () => {
    const writer = new AggregateWriter(redis);
    await writer.registerServices([service]);
    // 30 keys: counts 1..30, newest first by index; one key spread over two instances.
    const keys = Array.from({ length: 30 }, (_, i) =>
      aggregate(`key-${String(i).padStart(2, '0')}@x/y`, i + 1, [occurrence(`u${i}`, new Date(now - i * 60_000), { severity: i % 3 === 0 ? 'warning' : 'error' })], {
        severity: i % 3 === 0 ? 'warning' : 'error',
      }),
    );
    keys[7].latest_errors![0].error.stacktrace = ['at NeedleService.find (needle.ts:7)'];
    await merge('a', keys, now);
    await merge('b', [aggregate('key-05@x/y', 4, [occurrence('b1', new Date(now - 1000)), occurrence('b2', new Date(now - 500))])], now);
    const dir = mkdtempSync(join(tmpdir(), 'periskop-dash-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, `services:\n- name: ${service}\n  scraper: {endpoint: /errors, refresh_interval: 1h}\n${ADMIN_AUTH_YAML}`);
    api = await AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: testRedisUrl() });
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    await redis.quit();
  });

  const page = (query: string) => getJson<ErrorPage>(`${api.url}/api/services/${service}/errors?${query}`);

  it('pages and sorts summaries without samples', async () => {
    const first = await page('sort=count&limit=5');
    expect([first.total, first.items.length]).toEqual([30, 5]);
    expect(first.items.map((i) => i.aggregation_key)).toEqual(['key-29@x/y', 'key-28@x/y', 'key-27@x/y', 'key-26@x/y', 'key-25@x/y']);
    expect(first.items[0]).not.toHaveProperty('latest_errors');
    const last = await page('sort=count&order=asc&offset=28&limit=5');
    expect(last.items.map((i) => i.total_count)).toEqual([29, 30]);
    const latest = await page('sort=latest&limit=2');
    expect(latest.items.map((i) => i.aggregation_key)).toEqual(['key-00@x/y', 'key-05@x/y']);
  });

  it('filters by severity and searches key, class, message and stack trace', async () => {
    expect((await page('severity=warning&limit=100')).total).toBe(10);
    expect((await page('q=NEEDLESERVICE')).items.map((i) => i.aggregation_key)).toEqual(['key-07@x/y']);
    expect((await page('q=key-1')).total).toBe(10);
  });

  it('adds hourly sparklines on request, without changing later answers', async () => {
    const withTrend = await page('sort=count&limit=1&trend=1');
    expect(withTrend.items[0].trend).toHaveLength(24);
    expect(withTrend.items[0].trend![23]).toBe(30);
    expect((await page('sort=count&limit=1')).items[0].trend).toBeUndefined();
  });

  it('answers 304 to a poll while nothing changed, and 200 after a merge', async () => {
    const url = `${api.url}/api/services/${service}/errors?q=key-05`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await merge('b', [aggregate('key-05@x/y', 5, [occurrence('b3', new Date())])], now + 1000);
    const after = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as ErrorPage).items[0].total_count).toBe(11);
  });

  it('gives one key with its occurrences newest first, trend and instances', async () => {
    const key = encodeURIComponent('key-05@x/y');
    const detail = await getJson<ErrorDetailView>(`${api.url}/api/services/${service}/error?key=${key}`);
    expect([detail.service, detail.total_count, detail.status]).toEqual([service, 11, 'new']);
    expect(detail.latest_errors.map((o) => o.uuid)).toEqual(['b3', 'b2', 'b1', 'u5']);
    const trend = await getJson<TrendView>(`${api.url}/api/services/${service}/trend?key=${key}&resolution=hour`);
    expect(trend.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(11);
    // target_uuids are for admins; others see a digest (test/e2e/access-control.e2e-spec.ts).
    const instances = await getJson<InstancesView>(`${api.url}/api/services/${service}/instances?key=${key}`, ADMIN_HEADERS);
    expect(instances.instances.map((i) => [i.target, i.address, i.total_count])).toEqual([
      ['a', 'a.local:80', 6],
      ['b', 'b.local:80', 5],
    ]);
  });

  it('answers 304 to a detail poll while nothing changed, and the new occurrence after a merge', async () => {
    const url = `${api.url}/api/services/${service}/error?key=${encodeURIComponent('key-05@x/y')}`;
    const etag = (await fetch(url)).headers.get('etag')!;
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await merge('b', [aggregate('key-05@x/y', 6, [occurrence('b4', new Date())])], now + 2000);
    const after = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    const detail = (await after.json()) as ErrorDetailView;
    expect([detail.total_count, detail.latest_errors[0].uuid]).toEqual([12, 'b4']);
  });

  it('says what is wrong with a bad request or an unknown key', async () => {
    const bad = await fetch(`${api.url}/api/services/${service}/errors?limit=9999&sort=sideways`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string[] }).message).toEqual(
      expect.arrayContaining(['limit must not be greater than 500', 'sort must be one of the following values: latest, count, first, key']),
    );
    const missing = await fetch(`${api.url}/api/services/${service}/error?key=nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe(`service ${service} has no error with key "nope"`);
    expect((await fetch(`${api.url}/api/services/nope/errors`)).status).toBe(404);
  });
});
