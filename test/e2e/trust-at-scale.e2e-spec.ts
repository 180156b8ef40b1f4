import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, ServiceSummary, TargetsView, WireAggregate } from '@periskop/wire';
import { aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

const KEY_CAP = 4_000;

/**
 * Inputs a large organisation produces every day, through the built scheduler, scraper and API:
 * large payloads, a uuid shared by two processes, the largest exact count, and a client that
 * mints new keys on every scrape.
 */
describe('trust at scale, end to end', () => {
  const big = uniqueName('big');
  const shared = uniqueName('shared');
  const max = uniqueName('max');
  const capped = uniqueName('cap');
  const targets: FakeTarget[] = [];
  let minting: Server;
  let mintedBatches = 0;
  let apps: AppProcess[] = [];
  let api: AppProcess;

  const errors = (service: string) => getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`);
  const countOf = async (service: string, key: string) => (await errors(service)).find((a) => a.aggregation_key === key)?.total_count;

  function wide(prefix: string, keys: number, samples: number): WireAggregate[] {
    const now = Date.now();
    return Array.from({ length: keys }, (_, k) =>
      aggregate(
        `${prefix}.Error${k}@handler.go:${k}`,
        k + 1,
        Array.from({ length: samples }, (_, s) =>
          occurrence(`${prefix}-${k}-${s}`, new Date(now - s * 1000), { error: { class: 'RequestFailed', message: `request ${k}`, stacktrace: [`at run (h.go:${k})`], cause: null } }),
        ),
      ),
    );
  }

  beforeAll(async () => {
    const [wideTarget, deepTarget, sharedA, sharedB, maxTarget] = await Promise.all(Array.from({ length: 5 }, () => FakeTarget.start()));
    targets.push(wideTarget, deepTarget, sharedA, sharedB, maxTarget);
    wideTarget.serve(payload('wide-1', wide('wide', 3000, 10)));
    deepTarget.serve(payload('deep-1', wide('deep', 300, 100)));
    // Two processes at different addresses with one uuid (forked after the collector was made).
    sharedA.serve(payload('forked', [aggregate('db@timeout', 5)]));
    sharedB.serve(payload('forked', [aggregate('db@timeout', 7)]));
    maxTarget.serve(payload('max-1', [aggregate('counter@max', Number.MAX_SAFE_INTEGER)]));
    // A client that puts request ids in its keys: 500 new keys on every scrape.
    minting = createServer((_req, res) => {
      const batch = mintedBatches++;
      const body = payload(
        'minting-1',
        Array.from({ length: 500 }, (_, i) => aggregate(`request-${batch}-${i}@api.go:1`, 1)),
      );
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => minting.listen(0, '127.0.0.1', resolve));
    const mintingAddress = `127.0.0.1:${(minting.address() as AddressInfo).port}`;

    const service = (name: string, addresses: string[]) =>
      `- name: ${name}\n  static_configs:\n  - targets: [${addresses.map((a) => `'${a}'`).join(', ')}]\n  scraper: {endpoint: /errors, refresh_interval: 1s, timeout: 10s}\n`;
    const dir = mkdtempSync(join(tmpdir(), 'periskop-scale-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `aggregation:\n  limits:\n    max_keys_per_service: ${KEY_CAP}\nservices:\n` +
        service(big, [wideTarget.address, deepTarget.address]) +
        service(shared, [sharedA.address, sharedB.address]) +
        service(max, [maxTarget.address]) +
        service(capped, [mintingAddress]),
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    api = await AppProcess.start('api', env);
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(targets.map((t) => t.close()));
    await new Promise((r) => minting?.close(r));
  });

  it('merges a 3,000 keys × 10 samples target and a 300 × 100 one whole', async () => {
    expect(targets[0].body.length).toBeGreaterThan(2_400_000);
    const all = await eventually(
      async () => {
        const list = await errors(big);
        return list.length === 3300 ? list : undefined;
      },
      90_000,
      '3,300 keys',
    ).catch(async (err: Error) => {
      const view = await getJson<TargetsView>(`${api.url}/api/targets`);
      throw new Error(`${err.message}; have ${(await errors(big)).length}; targets: ${JSON.stringify(view[big].map((t) => t.health))}`);
    });
    const byKey = new Map(all.map((a) => [a.aggregation_key, a]));
    for (const k of [0, 1499, 2999]) {
      expect(byKey.get(`wide.Error${k}@handler.go:${k}`)?.total_count).toBe(k + 1);
      expect(byKey.get(`wide.Error${k}@handler.go:${k}`)?.latest_errors).toHaveLength(10);
    }
    for (const k of [0, 299]) {
      expect(byKey.get(`deep.Error${k}@handler.go:${k}`)?.total_count).toBe(k + 1);
      expect(byKey.get(`deep.Error${k}@handler.go:${k}`)?.latest_errors).toHaveLength(100);
    }
    const view = await getJson<TargetsView>(`${api.url}/api/targets`);
    expect(view[big].map((t) => t.health.status)).toEqual(['up', 'up']);
  }, 120_000);

  it('counts two processes sharing one uuid as 5 + 7 = 12, and it stays 12 over many cycles', async () => {
    await eventually(async () => ((await countOf(shared, 'db@timeout')) === 12 ? true : undefined), 30_000, 'count 12');
    const hits = () => targets[2].hits.get('/errors') ?? 0;
    const after = hits();
    await eventually(async () => (hits() >= after + 5 ? true : undefined), 30_000, 'five more scrapes');
    expect(await countOf(shared, 'db@timeout')).toBe(12);
  }, 90_000);

  it('stores and returns total_count 9007199254740991 exactly', async () => {
    await eventually(async () => ((await countOf(max, 'counter@max')) !== undefined ? true : undefined), 30_000, 'the max count');
    const raw = await (await fetch(`${api.url}/services/${max}/errors/`)).text();
    expect(raw).toContain('"total_count":9007199254740991');
  }, 60_000);

  it('stops a client minting 500 new keys per scrape at max_keys_per_service, and says so', async () => {
    const summary = await eventually(
      async () => {
        const services = await getJson<ServiceSummary[]>(`${api.url}/api/services`);
        const s = services.find((x) => x.name === capped);
        return s && s.keys_refused > 0 ? s : undefined;
      },
      60_000,
      'refused keys',
    );
    expect(summary.keys.error).toBe(KEY_CAP);
    // Further scrapes keep minting; the service does not grow.
    const batches = mintedBatches;
    await eventually(async () => (mintedBatches >= batches + 3 ? true : undefined), 30_000, 'three more scrapes');
    expect((await errors(capped)).length).toBe(KEY_CAP);
    const page = await getJson<{ keys_refused: number; total: number }>(`${api.url}/api/services/${capped}/errors?limit=1`);
    expect(page.total).toBe(KEY_CAP);
    expect(page.keys_refused).toBeGreaterThanOrEqual(summary.keys_refused + 500);
    const metrics = await (await fetch(`${apps[1].url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`periskop_keys_refused_total\\{[^}]*service_name="${capped}"[^}]*\\} [1-9]`));
  }, 120_000);
});
