import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizePayload } from '@periskop/wire';
import { AppProcess, testRedisUrl, uniqueName } from '@periskop/test-harness';

/** A config file of its own for each gateway: `services: []` and the given `auth:` block. */
function configWithAuth(auth: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pushgateway-auth-')), 'periskop.yaml');
  writeFileSync(file, `services: []\nauth:\n${auth}`);
  return file;
}

const body = (targetUuid: string, key: string, count: number) =>
  JSON.stringify({
    target_uuid: targetUuid,
    aggregated_errors: [
      {
        aggregation_key: key,
        total_count: count,
        severity: 'error',
        created_at: '2026-01-01T00:00:00.123Z',
        latest_errors: [
          {
            error: { class: 'KeyError', message: "'id'", stacktrace: ['a', 'b'], cause: null },
            uuid: `${targetUuid}-${count}`,
            timestamp: '2026-01-01T00:00:01.5Z',
            severity: 'error',
            http_context: null,
          },
        ],
      },
    ],
  });

/**
 * The built pushgateway as a process: what it accepts, how it answers, its limits. Its config
 * says `anonymous: resolver`, as on a trusted network: pushes need no token.
 */
describe('pushgateway over HTTP', () => {
  let gateway: AppProcess;
  const push = (payload: string, init: { headers?: Record<string, string>; query?: string } = {}) =>
    fetch(`${gateway.url}/errors${init.query ?? ''}`, { method: 'POST', body: payload, headers: init.headers });
  const exported = async () =>
    (await (await fetch(`${gateway.url}/-/errors`)).json()) as { target_uuid: string; aggregated_errors: Array<{ aggregation_key: string; total_count: number; latest_errors: unknown[] }> };

  beforeAll(async () => {
    gateway = await AppProcess.start('pushgateway', {
      REDIS_URL: testRedisUrl(),
      CONFIG_FILE: configWithAuth('  anonymous: resolver\n'),
      PUSH_NAMESPACE: uniqueName('http'),
      PUSH_MAX_BODY_BYTES: '4096',
      PUSH_RATE_LIMIT: '8',
      PUSH_RATE_WINDOW: '1h',
    });
  }, 60_000);

  afterAll(() => gateway?.stop());

  it('takes a push without Content-Type (periskop-python) or posted as a form (curl -d)', async () => {
    // A Blob without a type makes fetch send no Content-Type at all.
    const bare = await fetch(`${gateway.url}/errors?job=py`, { method: 'POST', body: new Blob([body('py-1', 'KeyError@1', 2)]) });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ counted: 2, refused: [] });
    const form = await push(body('form-1', 'KeyError@1', 1), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(await form.json()).toEqual({ counted: 1, refused: [] });
    const state = await exported();
    expect(state.aggregated_errors.map((a) => [a.aggregation_key, a.total_count, a.latest_errors.length])).toEqual([['KeyError@1', 3, 2]]);
    expect(normalizePayload(state, Date.now()).refused).toEqual([]);
  });

  it('names the job by query or X-Periskop-Job header, and counts the same push once', async () => {
    const payload = body('hdr-1', 'ValueError@2', 4);
    for (let i = 0; i < 2; i++) await push(payload, { headers: { 'Content-Type': 'application/json', 'X-Periskop-Job': 'etl' } });
    expect((await exported()).aggregated_errors.find((a) => a.aggregation_key === 'ValueError@2')?.total_count).toBe(4);
  });

  it('refuses what is not an export, and bodies above the cap', async () => {
    const bad = await push('{"aggregated_errors": 3}', { headers: { 'Content-Type': 'application/json' } });
    expect([bad.status, ((await bad.json()) as { message: string }).message]).toEqual([400, 'push refused: aggregated_errors must be a list, got number 3']);
    const big = await push(JSON.stringify({ aggregated_errors: [], pad: 'x'.repeat(5000) }), { headers: { 'Content-Type': 'application/json' } });
    expect(big.status).toBe(413);
  });

  it('rate-limits pushes per client, never scrapes or health checks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) statuses.push((await push(body('rl', 'k', 1), { headers: { 'Content-Type': 'application/json' } })).status);
    expect(statuses).toContain(429);
    expect((await fetch(`${gateway.url}/-/errors`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/-/health`)).status).toBe(200);
  });
});

/** The API's access rules on the gateway: a push needs the resolver role; reads are the API's. */
describe("pushgateway behind the API's auth (default anonymous: viewer)", () => {
  const RESOLVER = 'resolver-token-for-pushes-0123';
  const VIEWER = 'viewer-token-for-reads-0123456';
  let gateway: AppProcess;
  const push = (key: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/errors?job=auth`, { method: 'POST', body: body('auth-1', key, 3), headers: { 'Content-Type': 'application/json', ...headers } });
  const keys = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${gateway.url}/-/errors`, { headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { aggregated_errors: Array<{ aggregation_key: string; total_count: number }> }).aggregated_errors.map((a) => [a.aggregation_key, a.total_count]);
  };

  beforeAll(async () => {
    // The resolver token comes from the environment: the gateway reads the auth block's secrets.
    const config = configWithAuth(`  tokens:\n    - { name: batch-jobs, token_env: E2E_PUSH_TOKEN, role: resolver }\n    - { name: dashboards, token: ${VIEWER}, role: viewer }\n`);
    gateway = await AppProcess.start('pushgateway', { REDIS_URL: testRedisUrl(), CONFIG_FILE: config, PUSH_NAMESPACE: uniqueName('auth'), E2E_PUSH_TOKEN: RESOLVER });
  }, 60_000);

  afterAll(() => gateway?.stop());

  it('refuses a push without credentials (401, with a challenge) and changes nothing', async () => {
    const res = await push('NoToken@1');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="periskop"');
    expect(await keys()).toEqual([]);
  });

  it('refuses a wrong token (401) and a viewer token (403)', async () => {
    expect((await push('Wrong@1', { Authorization: `Bearer ${RESOLVER}x` })).status).toBe(401);
    const viewer = await push('Viewer@1', { Authorization: `Bearer ${VIEWER}` });
    expect([viewer.status, ((await viewer.json()) as { message: string }).message]).toEqual([403, 'dashboards may not do this: it needs the resolver role']);
    expect(await keys()).toEqual([]);
  });

  it('takes a push with a resolver token and counts it', async () => {
    const res = await push('Resolver@1', { Authorization: `Bearer ${RESOLVER}` });
    expect([res.status, await res.json()]).toEqual([200, { counted: 3, refused: [] }]);
    expect(await keys()).toEqual([['Resolver@1', 3]]);
  });

  it('serves scrapes to the anonymous viewer and to a viewer token, health to anyone', async () => {
    expect(await keys({ Authorization: `Bearer ${VIEWER}` })).toEqual([['Resolver@1', 3]]);
    expect((await fetch(`${gateway.url}/-/health`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/-/errors`, { headers: { Authorization: 'Bearer not-a-known-token-000' } })).status).toBe(401);
  });
});

describe('pushgateway with anonymous: none', () => {
  const SCRAPE_TOKEN = 'viewer-token-for-scrapes-0123';
  let gateway: AppProcess;

  beforeAll(async () => {
    gateway = await AppProcess.start('pushgateway', {
      REDIS_URL: testRedisUrl(),
      CONFIG_FILE: configWithAuth(`  anonymous: none\n  tokens:\n    - { name: scraper, token: ${SCRAPE_TOKEN}, role: viewer }\n`),
      PUSH_NAMESPACE: uniqueName('closed'),
    });
  }, 60_000);

  afterAll(() => gateway?.stop());

  it('needs a token to scrape, as the API does for reads; health stays public', async () => {
    expect((await fetch(`${gateway.url}/-/errors`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/-/errors`, { headers: { Authorization: `Bearer ${SCRAPE_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${gateway.url}/-/health`)).status).toBe(200);
  });
});
