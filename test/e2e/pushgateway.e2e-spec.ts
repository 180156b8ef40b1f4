import { join } from 'node:path';
import { normalizePayload } from '@periskop/wire';
import { AppProcess, testRedisUrl, uniqueName } from '@periskop/test-harness';

const ROOT = join(__dirname, '../..');

/** The built pushgateway as a process: what it accepts, how it answers, its limits. */
describe('pushgateway over HTTP', () => {
  let gateway: AppProcess;
  const body = (targetUuid: string, key: string, count: number) =>
    JSON.stringify({
      target_uuid: targetUuid,
      aggregated_errors: [
        {
          aggregation_key: key,
          total_count: count,
          severity: 'error',
          created_at: '2026-01-01T00:00:00.123Z',
          latest_errors: [{ error: { class: 'KeyError', message: "'id'", stacktrace: ['a', 'b'], cause: null }, uuid: `${targetUuid}-${count}`, timestamp: '2026-01-01T00:00:01.5Z', severity: 'error', http_context: null }],
        },
      ],
    });
  const push = (payload: string, init: { headers?: Record<string, string>; query?: string } = {}) =>
    fetch(`${gateway.url}/errors${init.query ?? ''}`, { method: 'POST', body: payload, headers: init.headers });
  const exported = async () => (await (await fetch(`${gateway.url}/-/errors`)).json()) as { target_uuid: string; aggregated_errors: Array<{ aggregation_key: string; total_count: number; latest_errors: unknown[] }> };

  beforeAll(async () => {
    gateway = await AppProcess.start('pushgateway', {
      REDIS_URL: testRedisUrl(),
      CONFIG_FILE: join(ROOT, 'config.dev.yaml'),
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
