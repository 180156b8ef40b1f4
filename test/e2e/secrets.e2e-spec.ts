import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiAggregate, ErrorDetailView, WirePayload } from '@periskop/wire';
import { aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, RedisProcess, startRedisServer, testRedisUrl, uniqueName } from '@periskop/test-harness';

/**
 * No secret leaves: a target's captured Authorization and Cookie headers, a request's own
 * credentials in the API's log, and the request an API failure records in its own `/errors`.
 * The built apps as processes, a real redis-server.
 */
describe('secrets never leave', () => {
  const service = uniqueName('secrets');
  const key = 'auth@denied';
  let target: FakeTarget;
  let apps: AppProcess[] = [];
  let api: AppProcess;
  let config: string;

  beforeAll(async () => {
    target = await FakeTarget.start();
    target.serve(
      payload('uuid-secrets', [
        aggregate(key, 1, [
          occurrence('s1', new Date(), {
            http_context: {
              request_method: 'POST',
              request_url: 'http://shop.internal/checkout',
              request_headers: { Authorization: 'Bearer secret-token', Cookie: 'sid=secret-cookie', 'X-Vault-Token': 'secret-vault', Accept: 'application/json' },
              request_body: '{}',
            },
          }),
        ]),
      ]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'periskop-secrets-'));
    config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `services:\n- name: ${service}\n  static_configs:\n  - targets: ['${target.address}']\n  scraper: {endpoint: /errors, refresh_interval: 1s}\nsecurity:\n  redact_headers: [X-Vault-Token]\n` +
        // Real tokens: the requests below are let in, and the secrets they carry must still never show.
        `auth:\n  tokens:\n  - { name: probe, token: secret-bearer-0123456789, role: viewer }\n  - { name: lonely, token: secret-api-0123456789, role: viewer }\n`,
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    // info: request logs are what this test reads.
    api = await AppProcess.start('api', { ...env, LOG_LEVEL: 'info' });
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env)];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await target?.close();
  });

  const REDACTED_HEADERS = { Authorization: '[redacted]', Cookie: '[redacted]', 'X-Vault-Token': '[redacted]', Accept: 'application/json' };

  it('stores a scraped occurrence with its secret headers as [redacted], in the Periskop API and the dashboard API', async () => {
    const [agg] = await eventually(
      async () => {
        const list = await getJson<ApiAggregate[]>(`${api.url}/services/${service}/errors/`);
        return list.length > 0 ? list : undefined;
      },
      20_000,
      'the scraped aggregate',
    );
    expect(agg.latest_errors[0].http_context?.request_headers).toEqual(REDACTED_HEADERS);

    const detailText = await (await fetch(`${api.url}/api/services/${service}/error?key=${encodeURIComponent(key)}`)).text();
    expect((JSON.parse(detailText) as ErrorDetailView).latest_errors[0].http_context?.request_headers).toEqual(REDACTED_HEADERS);
    expect(detailText).not.toMatch(/secret-/);
    expect(await (await fetch(`${api.url}/services/${service}/errors/`)).text()).not.toMatch(/secret-/);
  });

  it("never prints a request's cookie or authorization in the app's log", async () => {
    const res = await fetch(`${api.url}/services/`, { headers: { Cookie: 'sid=secret-session', Authorization: 'Bearer secret-bearer-0123456789', 'X-Probe': 'probe-1' } });
    expect(res.status).toBe(200);
    const line = await eventually(async () => api.output.split('\n').find((l) => l.includes('probe-1')), 10_000, 'the request log line');
    expect(JSON.parse(line).req.headers).toMatchObject({ cookie: '[redacted]', authorization: '[redacted]', 'x-probe': 'probe-1' });
    expect(api.output).not.toMatch(/secret-(session|bearer)/);
  });

  describe("the API's own /errors", () => {
    let redis: RedisProcess;
    let lonely: AppProcess;

    beforeAll(async () => {
      // An API whose Redis goes away: its requests fail with 500 and are recorded in its /errors.
      redis = await startRedisServer();
      lonely = await AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: redis.url });
      await redis.stop();
    }, 60_000);

    afterAll(async () => {
      await lonely?.stop();
    });

    it('records the failed request without its secret headers', async () => {
      const res = await fetch(`${lonely.url}/services/`, { headers: { Authorization: 'Bearer secret-api-0123456789', Cookie: 'sid=secret-api-cookie', 'X-Vault-Token': 'secret-api-vault' } });
      expect(res.status).toBe(500);
      const text = await (await fetch(`${lonely.url}/errors`)).text();
      const own = JSON.parse(text) as WirePayload;
      const sample = own.aggregated_errors!.flatMap((a) => a.latest_errors ?? []).find((o) => o.http_context?.request_url === '/services/');
      expect(sample?.http_context?.request_headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'x-vault-token': '[redacted]' });
      expect(text).not.toMatch(/secret-api/);
      expect(lonely.output).not.toMatch(/secret-api/);
    });
  });
});
