import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import Redis from 'ioredis';
import { AggregateWriter, healthOfMergedScrape, serviceKeys } from '@periskop/store';
import { normalizePayload, type ErrorPage, type ServiceSummary } from '@periskop/wire';
import { ADMIN_AUTH_YAML, aggregate, AppProcess, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

/** GET with chosen headers and the raw (undecoded) body: fetch would decode gzip and br itself. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** The dashboard's polls and Periskop's full list while the service keeps changing, on the built API. */
describe('live service: polls that cost the page, and one full list per version', () => {
  const service = uniqueName('live');
  const redis = new Redis(testRedisUrl());
  const writer = new AggregateWriter(redis);
  let api: AppProcess;
  const now = Date.now();
  let cycle = 1;

  const merge = (target: string, aggregates: ReturnType<typeof aggregate>[]) => {
    const fetchedAtMs = Date.now();
    const normalized = normalizePayload(payload(target, aggregates), fetchedAtMs);
    return writer.merge({
      service,
      address: `${target}.local:80`,
      url: `http://${target}.local:80/errors`,
      cycle: cycle++,
      payload: normalized,
      health: healthOfMergedScrape(normalized, fetchedAtMs, 1),
      sampleCap: 100,
      targetTtlMs: 3_600_000,
      maxKeys: 10_000,
    });
  };
  const key = (i: number) => `live-${String(i).padStart(2, '0')}@x/y`;

  beforeAll(async () => {
    await writer.registerServices([service]);
    // 40 keys; counts 1..40 and severities cycling, some with equal counts (ties break on the key).
    await merge(
      'a',
      Array.from({ length: 40 }, (_, i) => aggregate(key(i), 1 + (i % 25), [occurrence(`a${i}`, new Date(now - i * 30_000))], { severity: ['error', 'warning', 'info', 'critical'][i % 4] })),
    );
    const dir = mkdtempSync(join(tmpdir(), 'periskop-live-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, `services:\n- name: ${service}\n  scraper: {endpoint: /errors, refresh_interval: 1h}\n${ADMIN_AUTH_YAML}`);
    api = await AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: testRedisUrl() });
  }, 60_000);

  afterAll(async () => {
    await api.stop();
    await redis.quit();
  });

  const page = (query: string) => getJson<ErrorPage>(`${api.url}/api/services/${service}/errors?${query}`);

  it('reads the same pages through the indexes as the scanning path gives (a search matching every key)', async () => {
    await writer.resolve(service, key(3));
    for (const query of [
      'sort=count',
      'sort=count&order=asc',
      'sort=latest',
      'sort=first&order=asc',
      'sort=key&order=desc',
      'severity=warning&sort=count',
      'status=all&sort=count&offset=10&limit=7',
      'status=resolved&limit=100',
    ]) {
      const limited = query.includes('limit=') ? query : `${query}&limit=100`;
      const indexed = await page(limited);
      const scanned = await page(`${limited}&q=@x/y`);
      expect([query, indexed.total, indexed.items]).toEqual([query, scanned.total, scanned.items]);
    }
    expect((await page('status=resolved')).items.map((i) => i.aggregation_key)).toEqual([key(3)]);
  });

  it('counts keys and occurrences per severity from the kept totals (another severity counts as error)', async () => {
    const [summary] = (await getJson<ServiceSummary[]>(`${api.url}/api/services`)).filter((s) => s.name === service);
    const expected = { keys: { error: 0, warning: 0, info: 0 }, occurrences: { error: 0, warning: 0, info: 0 } };
    for (let i = 0; i < 40; i++) {
      if (i === 3) continue; // resolved
      const severity = (['error', 'warning', 'info', 'error'] as const)[i % 4];
      expected.keys[severity] += 1;
      expected.occurrences[severity] += 1 + (i % 25);
    }
    expect({ keys: summary.keys, occurrences: summary.occurrences }).toEqual(expected);
    expect(summary.last_seen).toBe(Math.floor(now / 1000));
  });

  it('answers a list poll 304 while only keys off its page change, and 200 when one on it does', async () => {
    const url = `${api.url}/api/services/${service}/errors?sort=count&limit=5`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    const before = (await first.json()) as ErrorPage;
    // A key far down the count order grows by one: the service's version moves, this page does not.
    await merge('a', [aggregate(key(25), 2, [occurrence('a25-2', new Date())])]);
    const unchanged = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(unchanged.status).toBe(304);
    expect((await page('sort=count&limit=5')).version).not.toBe(before.version);
    await merge('a', [aggregate(key(24), 26, [occurrence('a24-2', new Date())])]);
    const changed = await fetch(url, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as ErrorPage).items[0].aggregation_key).toBe(key(24));
  });

  it('answers a detail poll 304 while other keys change', async () => {
    const url = `${api.url}/api/services/${service}/error?key=${encodeURIComponent(key(10))}`;
    const etag = (await fetch(url)).headers.get('etag')!;
    await merge('a', [aggregate(key(11), 50, [occurrence('a11-2', new Date())])]);
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await merge('a', [aggregate(key(10), 50, [occurrence('a10-2', new Date())])]);
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(200);
  });

  it('serves Periskop’s full list as one answer per version: gzip and br when asked, 304 on its ETag', async () => {
    const url = `${api.url}/services/${service}/errors/`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => rawGet(url)));
    const plain = answers[0];
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(new Set(answers.map((a) => a.body.toString()))).toEqual(new Set([plain.body.toString()]));
    const list = JSON.parse(plain.body.toString()) as Array<{ aggregation_key: string; last_seen: number }>;
    expect(list).toHaveLength(39); // the resolved key is left out
    expect(list.map((e) => e.last_seen)).toEqual([...list.map((e) => e.last_seen)].sort((a, b) => b - a));
    expect(Object.keys(list[0])).toEqual(['aggregation_key', 'total_count', 'severity', 'latest_errors', 'created_at', 'last_seen']);

    const gz = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate' });
    expect([gz.headers['content-encoding'], gz.headers.vary]).toEqual(['gzip', 'Accept-Encoding']);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const br = await rawGet(url, { 'Accept-Encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect((await rawGet(url, { 'Accept-Encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();

    const etag = plain.headers.etag as string;
    expect([gz.headers.etag, br.headers.etag]).toEqual([etag, etag]);
    expect((await rawGet(url, { 'If-None-Match': etag })).status).toBe(304);
    await merge('a', [aggregate(key(30), 9, [occurrence('a30-2', new Date())])]);
    const after = await rawGet(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    // Only the changed key's part is rebuilt: it shows its new occurrence, the others stay as they were.
    const rebuilt = JSON.parse(after.body.toString()) as Array<{ aggregation_key: string; total_count: number; latest_errors: Array<{ uuid: string }> }>;
    expect([rebuilt[0].aggregation_key, rebuilt[0].total_count, rebuilt[0].latest_errors.map((o) => o.uuid)]).toEqual([key(30), 9, ['a30-2', 'a30']]);
    expect(rebuilt.slice(1)).toEqual(JSON.parse(plain.body.toString()).filter((e: { aggregation_key: string }) => e.aggregation_key !== key(30)));
  });

  it('shares the built full list with other API replicas through Redis', async () => {
    const url = `${api.url}/services/${service}/errors/`;
    const plain = await rawGet(url);
    const shared = await redis.hmget(serviceKeys(service).fullList, 'version', 'etag');
    expect(shared).toEqual([await redis.get(serviceKeys(service).version), plain.headers.etag]);
  });
});
