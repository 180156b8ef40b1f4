import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscoveredTargets, SERVICES_KEY } from '@periskop/store';
import { aggregate, AppProcess, occurrence, payload, testRedisUrl } from '@periskop/test-harness';
import { StoreFixture } from '../../libs/store/src/testing/store-fixture';

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The built API as a process with one `auth:` block; `inject` is a real HTTP request to it. */
class Api {
  constructor(readonly process: AppProcess) {}

  static async start(auth: string): Promise<Api> {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-auth-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, `services: []\nauth:\n${auth}`);
    return new Api(await AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: testRedisUrl() }));
  }

  async inject(request: { url: string; method?: string; headers?: Record<string, string> }): Promise<Answer> {
    const res = await fetch(`${this.process.url}${request.url}`, { method: request.method ?? 'GET', headers: request.headers, redirect: 'manual' });
    return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  }
}

/** Roles, tokens, proxy identities and the browser defaults, against the API with a real Redis. */
describe('access control', () => {
  const VIEWER = 'viewer-token-0123456789';
  const RESOLVER = 'resolver-token-0123456789';
  const ADMIN = 'admin-token-0123456789';
  const TOKENS = `  tokens:
    - { name: dashboard-bot, token: ${VIEWER}, role: viewer }
    - { name: ci-bot, token: ${RESOLVER}, role: resolver }
    - { name: ops, token: ${ADMIN}, role: admin }
`;
  const store = new StoreFixture();
  const service = store.service;
  const apps: Api[] = [];

  const start = async (auth: string) => {
    const app = await Api.start(auth);
    apps.push(app);
    return app;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const resolvePath = (key: string) => `/services/${service}/errors/${encodeURIComponent(key)}/`;
  const activeKeys = async () => {
    const res = await apps[0].inject({ url: `/services/${service}/errors/`, headers: bearer(ADMIN) });
    return (JSON.parse(res.body) as Array<{ aggregation_key: string }>).map((a) => a.aggregation_key);
  };

  beforeAll(async () => {
    const keys = ['k@one', 'k@two', 'k@three', 'k@four', 'k@five', 'k@six'];
    await store.merge(
      payload(
        'uuid-secret-1',
        keys.map((k) => aggregate(k, 3, [occurrence(`${k}-1`, new Date())])),
      ),
      { address: '127.0.0.1:7777' },
    );
    await store.redis.sadd(SERVICES_KEY, service);
    await new DiscoveredTargets(store.redis).record(service, [
      { address: '127.0.0.1:7777', endpoint: '127.0.0.1:7777/errors', url: 'http://127.0.0.1:7777/errors', labels: { team: 'payments' }, discoveredLabels: { __meta_consul_tags: ',internal,' } },
    ]);
    await start(`  anonymous: viewer\n${TOKENS}  rate_limit: { max: 1000 }\n`);
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.process.stop();
    await store.close();
  });

  describe('with anonymous viewers (the default)', () => {
    const app = () => apps[0];

    it("keeps Periskop's read paths open, as the Backstage plugin uses them", async () => {
      for (const url of ['/services/', `/services/${service}/errors/`, '/targets/', '/api/services', '/errors', '/metrics', '/-/health']) {
        expect([url, (await app().inject({ url })).statusCode]).toEqual([url, 200]);
      }
    });

    it('answers 401 with a Bearer challenge to an anonymous resolve, and resolves nothing', async () => {
      const res = await app().inject({ method: 'DELETE', url: resolvePath('k@one') });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="periskop"');
      expect(await activeKeys()).toContain('k@one');
    });

    it('answers 401 to a wrong token, even for a read', async () => {
      const res = await app().inject({ url: '/services/', headers: bearer('not-a-configured-token') });
      expect(res.statusCode).toBe(401);
    });

    it('answers 403 to a viewer token that resolves', async () => {
      const res = await app().inject({ method: 'DELETE', url: resolvePath('k@one'), headers: bearer(VIEWER) });
      expect(res.statusCode).toBe(403);
      expect(await activeKeys()).toContain('k@one');
    });

    it('lets a resolver token resolve, and records who and when on the detail', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await app().inject({ method: 'DELETE', url: resolvePath('k@one'), headers: bearer(RESOLVER) });
      expect(res.statusCode).toBe(204);
      expect(await activeKeys()).not.toContain('k@one');
      const detail = await app().inject({ url: `/api/services/${service}/error?key=k%40one` });
      const { last_resolution } = JSON.parse(detail.body);
      expect(last_resolution.by).toBe('ci-bot');
      expect(last_resolution.at).toBeGreaterThanOrEqual(before);
      const never = JSON.parse((await app().inject({ url: `/api/services/${service}/error?key=k%40two` })).body);
      expect(never.last_resolution).toBeNull();
    });

    it('tells the dashboard who it is talking for', async () => {
      expect(JSON.parse((await app().inject({ url: '/api/me' })).body)).toEqual({ name: 'anonymous', via: 'anonymous', role: 'viewer', can_resolve: false, sign_in: false });
      expect(JSON.parse((await app().inject({ url: '/api/me', headers: bearer(RESOLVER) })).body)).toMatchObject({ name: 'ci-bot', via: 'token', role: 'resolver', can_resolve: true });
    });

    it('shows target labels and target_uuid to admins only', async () => {
      const viewer = JSON.parse((await app().inject({ url: '/api/targets' })).body)[service][0];
      expect(viewer).toMatchObject({ labels: {}, discovered_labels: {}, health: { target_uuid: null } });
      const admin = JSON.parse((await app().inject({ url: '/api/targets', headers: bearer(ADMIN) })).body)[service][0];
      expect(admin).toMatchObject({ labels: { team: 'payments' }, discovered_labels: { __meta_consul_tags: ',internal,' }, health: { target_uuid: 'uuid-secret-1' } });
      const instances = (headers = {}) =>
        app()
          .inject({ url: `/api/services/${service}/instances?key=k%40two`, headers })
          .then((r) => JSON.parse(r.body).instances[0].target);
      expect(await instances()).toMatch(/^instance [0-9a-f]{10}$/);
      expect(await instances(bearer(ADMIN))).toBe('uuid-secret-1');
    });

    it('keeps the queue board for admins', async () => {
      expect((await app().inject({ url: '/-/queues' })).statusCode).toBe(401);
      expect((await app().inject({ url: '/-/queues', headers: bearer(RESOLVER) })).statusCode).toBe(403);
      expect((await app().inject({ url: '/-/queues', headers: bearer(ADMIN) })).statusCode).toBe(200);
    });

    it('sends a CSP that forbids framing and inline script, and no CORS header to another origin', async () => {
      const res = await app().inject({ url: '/services/', headers: { origin: 'https://evil.example' } });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self';");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('never resolves on a CORS preflight', async () => {
      const res = await app().inject({
        method: 'OPTIONS',
        url: resolvePath('k@two'),
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE', ...bearer(RESOLVER) },
      });
      expect(res.statusCode).toBe(404); // no CORS for that origin: nothing answers a preflight
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(await activeKeys()).toContain('k@two');
    });
  });

  it('with anonymous: none, every read needs a token; health stays open', async () => {
    const app = await start(`  anonymous: none\n${TOKENS}`);
    expect((await app.inject({ url: '/services/' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/services' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/services/', headers: bearer(VIEWER) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/-/health' })).statusCode).toBe(200);
  });

  it('keeps /metrics for admins when auth.metrics is admin', async () => {
    const app = await start(`${TOKENS}  metrics: admin\n`);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: bearer(VIEWER) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/metrics', headers: bearer(ADMIN) })).statusCode).toBe(200);
  });

  it('answers CORS for an allowed origin only, and its preflight of a resolve resolves nothing', async () => {
    const app = await start(`  anonymous: resolver\n  cors_origins: [https://backstage.example]\n`);
    const preflightOfResolve = await app.inject({
      method: 'OPTIONS',
      url: resolvePath('k@two'),
      headers: { origin: 'https://backstage.example', 'access-control-request-method': 'DELETE' },
    });
    expect([preflightOfResolve.statusCode, preflightOfResolve.headers['access-control-allow-methods']]).toEqual([204, 'GET, HEAD, DELETE, POST']);
    expect(await activeKeys()).toContain('k@two');
    const preflight = (origin: string) =>
      app.inject({ method: 'OPTIONS', url: '/services/', headers: { origin, 'access-control-request-method': 'GET' } }).then((r) => r.headers['access-control-allow-origin']);
    expect(await preflight('https://backstage.example')).toBe('https://backstage.example');
    expect(await preflight('https://evil.example')).toBeUndefined();
  });

  it('limits mutating requests and sign-in per client: past the limit, 429', async () => {
    const app = await start(`  anonymous: resolver\n  rate_limit: { max: 2, window: 1m }\n`);
    const statuses = [];
    for (const key of ['k@three', 'k@four', 'k@five']) statuses.push((await app.inject({ method: 'DELETE', url: resolvePath(key) })).statusCode);
    expect(statuses).toEqual([204, 204, 429]);
    expect(await activeKeys()).toContain('k@five');
    expect((await app.inject({ url: '/auth/login' })).statusCode).toBe(429); // sign-in attempts count too
    expect((await app.inject({ url: '/services/' })).statusCode).toBe(200); // reads are not limited
  });

  describe('behind an authenticating proxy', () => {
    const proxied = (trusted: string) =>
      start(`  proxy:\n    user_header: X-Forwarded-User\n    groups_header: X-Forwarded-Groups\n    roles: { resolver: [developers] }\n    trusted_proxies: [${trusted}]\n`);
    const asDeveloper = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'staff, developers' };

    it('takes the user and groups from a trusted proxy, and refuses a cross-site resolve', async () => {
      const app = await proxied('127.0.0.1/32');
      expect(JSON.parse((await app.inject({ url: '/api/me', headers: asDeveloper })).body)).toMatchObject({ name: 'alice', via: 'proxy', role: 'resolver' });
      const crossSite = await app.inject({ method: 'DELETE', url: resolvePath('k@six'), headers: { ...asDeveloper, origin: 'https://evil.example' } });
      expect(crossSite.statusCode).toBe(403);
      const sameSite = await app.inject({ method: 'DELETE', url: resolvePath('k@six'), headers: { ...asDeveloper, origin: app.process.url } });
      expect(sameSite.statusCode).toBe(204);
      const detail = JSON.parse((await app.inject({ url: `/api/services/${service}/error?key=k%40six` })).body);
      expect(detail.last_resolution.by).toBe('alice');
    });

    it('ignores the user header from an address it does not trust', async () => {
      const app = await proxied('10.0.0.0/8');
      expect(JSON.parse((await app.inject({ url: '/api/me', headers: asDeveloper })).body)).toMatchObject({ name: 'anonymous', role: 'viewer' });
      expect((await app.inject({ method: 'DELETE', url: resolvePath('k@two'), headers: asDeveloper })).statusCode).toBe(401);
    });
  });
});
