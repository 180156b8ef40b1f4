import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { aggregate, AppProcess, eventually, FakeTarget, getJson, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
}

/** Every route the document must hold: Periskop's paths as the original spells them, the dashboard's /api/*, operations. */
const EXPECTED_OPERATIONS = [
  'GET /services/',
  'GET /services/{service}/errors/',
  'DELETE /services/{service}/errors/{key}/',
  'GET /targets/',
  'GET /federate/{service}',
  'GET /api/services',
  'GET /api/services/{service}/errors',
  'GET /api/services/{service}/error',
  'GET /api/services/{service}/trend',
  'GET /api/services/{service}/instances',
  'GET /api/services/{service}/notifications',
  'GET /api/targets',
  'GET /api/openapi.json',
  'GET /api/me',
  'GET /auth/login',
  'GET /auth/callback',
  'POST /auth/logout',
  'GET /-/health',
  'GET /-/ready',
  'POST /-/reload',
  'GET /metrics',
  'GET /errors',
];

/**
 * The API description of the built API, seeded through the real pipeline (scheduler, scraper,
 * fake targets on loopback): it names every route, and the live answers of every route validate
 * against its response schemas (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it).
 */
describe('OpenAPI description', () => {
  const service = uniqueName('oas');
  const key = 'db/timeout @ Pool.get';
  let target: FakeTarget;
  let apps: AppProcess[] = [];
  let api: AppProcess;
  let doc: OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  beforeAll(async () => {
    target = await FakeTarget.start();
    const now = Date.now();
    target.serve(
      payload('uuid-oas', [
        aggregate(key, 7, [
          occurrence('o1', new Date(now - 2000), {
            http_context: { request_method: 'GET', request_url: 'http://shop/cart', request_headers: { Accept: 'application/json' }, request_body: '' },
            error: { class: 'TimeoutError', message: 'pool exhausted', stacktrace: ['at get (pool.ts:1)'], cause: { class: 'SocketError', message: 'reset', stacktrace: null, cause: null } },
          }),
        ]),
        aggregate('cache miss', 2, [occurrence('o2', new Date(now - 1000), { severity: 'warning' })], { severity: 'warning' }),
      ]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'periskop-oas-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(
      config,
      `services:\n- name: ${service}\n  static_configs:\n  - targets: ['${target.address}', '127.0.0.1:1']\n  scraper:\n    endpoint: /errors\n    refresh_interval: 1s\nauth:\n  anonymous: resolver\n`,
    );
    const env = { CONFIG_FILE: config, REDIS_URL: testRedisUrl() };
    api = await AppProcess.start('api', env);
    apps = [api, await AppProcess.start('scraper', env), await AppProcess.start('scheduler', env)];
    await eventually(async () => ((await getJson<unknown[]>(`${api.url}/services/${service}/errors/`)).length === 2 ? true : undefined), 20_000, 'two aggregates merged');
    doc = await getJson<OpenApiDocument>(`${api.url}/api/openapi.json`);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await target?.close();
  });

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })));

  it('is OpenAPI 3.1 and describes every route of the API, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Periskop', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(
      operations()
        .map((o) => o.id)
        .sort(),
    ).toEqual([...EXPECTED_OPERATIONS].sort());
    // A route registered without a description would show up here without a summary.
    for (const { id, op } of operations()) {
      expect({ id, summary: typeof op.summary, tags: op.tags?.length }).toEqual({ id, summary: 'string', tags: 1 });
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  });

  it('names the path and query parameters the routes take', () => {
    const params = (id: string) => (operations().find((o) => o.id === id)!.op.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort();
    expect(params('DELETE /services/{service}/errors/{key}/')).toEqual(['path:key', 'path:service']);
    expect(params('GET /api/services/{service}/error')).toEqual(['path:service', 'query:key', 'query:limit']);
    expect(params('GET /api/services/{service}/errors')).toEqual(
      ['path:service', ...['label', 'limit', 'offset', 'order', 'q', 'severity', 'sort', 'status', 'trend'].map((q) => `query:${q}`)].sort(),
    );
  });

  /** Fetches a live answer and validates it against the document's schema for its path, method, status and content type. */
  async function validateLive(method: string, documentedPath: string, url: string, expectedStatus: number): Promise<unknown> {
    const res = await fetch(`${api.url}${url}`, { method });
    expect({ url, status: res.status }).toEqual({ url, status: expectedStatus });
    const response = doc.paths[documentedPath]?.[method.toLowerCase()]?.responses[String(res.status)];
    if (!response) throw new Error(`${method} ${documentedPath}: status ${res.status} is not described`);
    if (!response.content) {
      expect(await res.text()).toBe('');
      return undefined;
    }
    const type = (res.headers.get('content-type') ?? '').split(';')[0];
    const described = response.content[type];
    if (!described) throw new Error(`${method} ${documentedPath} ${res.status}: content type ${type} is not described (${Object.keys(response.content).join(', ')})`);
    const body = type === 'application/json' ? await res.json() : await res.text();
    const validate = ajv.compile(described.schema);
    if (!validate(body))
      throw new Error(`${method} ${url} ${res.status} does not match the document:\n${ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 2000)}`);
    return body;
  }

  const q = encodeURIComponent(key);

  it("validates Periskop's answers", async () => {
    await validateLive('GET', '/services/', '/services/', 200);
    const aggregates = (await validateLive('GET', '/services/{service}/errors/', `/services/${service}/errors/`, 200)) as Array<{ latest_errors: unknown[] }>;
    expect(aggregates.flatMap((a) => a.latest_errors)).toHaveLength(2);
    await validateLive('GET', '/services/{service}/errors/', '/services/nope/errors/', 404);
    await validateLive('GET', '/targets/', '/targets/', 200);
  });

  it('validates the federation answer', async () => {
    const federated = (await validateLive('GET', '/federate/{service}', `/federate/${service}`, 200)) as { aggregated_errors: Array<{ latest_errors: unknown[] }> };
    expect(federated.aggregated_errors.flatMap((a) => a.latest_errors)).toHaveLength(2);
    await validateLive('GET', '/federate/{service}', '/federate/nope', 404);
  });

  it("validates the dashboard's answers", async () => {
    await validateLive('GET', '/api/services', '/api/services', 200);
    await validateLive('GET', '/api/services/{service}/errors', `/api/services/${service}/errors?trend=1&sort=count`, 200);
    await validateLive('GET', '/api/services/{service}/errors', `/api/services/${service}/errors?limit=0`, 400);
    await validateLive('GET', '/api/services/{service}/errors', '/api/services/nope/errors', 404);
    const detail = (await validateLive('GET', '/api/services/{service}/error', `/api/services/${service}/error?key=${q}`, 200)) as { latest_errors: Array<{ http_context: unknown }> };
    expect(detail.latest_errors[0].http_context).not.toBeNull();
    await validateLive('GET', '/api/services/{service}/trend', `/api/services/${service}/trend?key=${q}&resolution=hour`, 200);
    await validateLive('GET', '/api/services/{service}/instances', `/api/services/${service}/instances?key=${q}`, 200);
    await validateLive('GET', '/api/services/{service}/notifications', `/api/services/${service}/notifications`, 200);
    // One target answers, one is down (nothing listens on port 1): both health shapes.
    const targets = await eventually(
      async () => {
        const view = await getJson<Record<string, Array<{ health: { status: string } }>>>(`${api.url}/api/targets`);
        return view[service]?.some((t) => t.health.status === 'down') ? view : undefined;
      },
      20_000,
      'the unreachable target marked down',
    );
    expect(targets[service]).toHaveLength(2);
    await validateLive('GET', '/api/targets', '/api/targets', 200);
  });

  it('validates the operational answers and this document', async () => {
    await validateLive('GET', '/-/health', '/-/health', 200);
    await validateLive('GET', '/-/ready', '/-/ready', 200);
    await validateLive('GET', '/metrics', '/metrics', 200);
    await validateLive('GET', '/errors', '/errors', 200);
    await validateLive('GET', '/api/openapi.json', '/api/openapi.json', 200);
  });

  it('describes the bodiless answers: 304 to a poll with the ETag', async () => {
    const url = `/api/services/${service}/errors`;
    const first = await fetch(`${api.url}${url}`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const res = await fetch(`${api.url}${url}`, { headers: { 'If-None-Match': etag } });
    expect(res.status).toBe(304);
    expect(doc.paths['/api/services/{service}/errors'].get.responses['304']).toEqual({ description: expect.any(String) });
  });

  it('validates a resolve, and the validation is real (an answer off the document fails)', async () => {
    await validateLive('DELETE', '/services/{service}/errors/{key}/', `/services/${service}/errors/${q}/`, 204);
    const schema = doc.paths['/api/services']!.get.responses['200'].content!['application/json'].schema;
    const live = await getJson<Array<Record<string, unknown>>>(`${api.url}/api/services`);
    expect(ajv.validate(schema, live)).toBe(true);
    expect(ajv.validate(schema, [{ ...live[0], undocumented: 1 }])).toBe(false);
    expect(ajv.validate(schema, [{ ...live[0], last_seen: 'yesterday' }])).toBe(false);
  });

  it('serves the reference page and its assets from the package (no network)', async () => {
    const page = await fetch(`${api.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const assets = [...html.matchAll(/(?:src|href)="\.\/(static\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      const res = await fetch(`${api.url}/api/docs/${asset}`);
      // Read to the end: an unread body holds its keep-alive connection, and the API's graceful stop waits for it.
      await res.arrayBuffer();
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
    }
    const init = await (await fetch(`${api.url}/api/docs/static/swagger-initializer.js`)).text();
    expect(init).toContain('/api/openapi.json');
  });
});
