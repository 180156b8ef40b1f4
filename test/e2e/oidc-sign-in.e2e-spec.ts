import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES_KEY } from '@periskop/store';
import type { MeView } from '@periskop/wire';
import { aggregate, AppProcess, freePort, occurrence, payload, testRedisUrl } from '@periskop/test-harness';
import { OidcProviderProcess } from '../harness/oidc/oidc-provider-process';
import { StoreFixture } from '../../libs/store/src/testing/store-fixture';

/** Cookies per origin (host and port), as a browser keeps them for these two loopback servers. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();
  /** Every Set-Cookie the API sent, as written, to check its attributes. */
  readonly apiSetCookies: string[] = [];

  constructor(private readonly apiOrigin: string) {}

  cookieHeader(url: string): string {
    return [...(this.jars.get(new URL(url).host)?.entries() ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    const cookies = this.cookieHeader(url);
    if (cookies) headers.cookie = cookies;
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      if (new URL(url).origin === this.apiOrigin) this.apiSetCookies.push(line);
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      const jar = this.jars.get(new URL(url).host) ?? new Map<string, string>();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
      this.jars.set(new URL(url).host, jar);
    }
    return res;
  }

  /** Follows redirects as a browser does (GET after 302/303), answering with the last page. */
  async follow(url: string, init: { method?: string; body?: string } = {}, visited: string[] = []): Promise<{ url: string; res: Response; visited: string[] }> {
    let res = await this.request(url, init);
    visited.push(url);
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      visited.push(url);
      res = await this.request(url);
    }
    return { url, res, visited };
  }

  /** Submits the page's form (the provider's login or consent page) with these fields. */
  async submitForm(pageUrl: string, html: string, fields: Record<string, string>) {
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form) throw new Error(`no form on ${pageUrl}:\n${html.slice(0, 500)}`);
    const hidden = Object.fromEntries([...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    return this.follow(new URL(form[1], pageUrl).toString(), { method: 'POST', body: new URLSearchParams({ ...hidden, ...fields }).toString() });
  }
}

/**
 * Sign-in for people against a real OpenID provider (oidc-provider in its own process): the
 * authorization code flow with PKCE over real HTTP redirects, then a resolve with the session.
 */
describe('OpenID Connect sign-in', () => {
  const store = new StoreFixture();
  const service = store.service;
  let api: AppProcess;
  let provider: OidcProviderProcess;

  beforeAll(async () => {
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    provider = await OidcProviderProcess.start({
      clientId: 'periskop',
      clientSecret: 'test-client-secret',
      redirectUris: [`${apiUrl}/auth/callback`],
      accounts: { alice: ['staff', 'developers'], bob: ['staff'] },
    });
    await store.merge(
      payload(
        'uuid-1',
        ['k@one', 'k@two'].map((k) => aggregate(k, 2, [occurrence(`${k}-1`, new Date())])),
      ),
    );
    await store.redis.sadd(SERVICES_KEY, service);
    const dir = mkdtempSync(join(tmpdir(), 'periskop-oidc-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(join(dir, 'oidc-secret'), 'test-client-secret\n');
    writeFileSync(
      config,
      `services: []
auth:
  anonymous: viewer
  oidc:
    issuer: ${provider.issuer}
    client_id: periskop
    client_secret_file: oidc-secret
    scopes: [openid, profile, groups]
    roles_claim: groups
    roles: { resolver: [developers] }
  session:
    secret_env: PERISKOP_TEST_SESSION_SECRET
`,
    );
    api = await AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: testRedisUrl(), PORT: String(apiPort), PERISKOP_TEST_SESSION_SECRET: 'x'.repeat(40) });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    await provider?.stop();
    await store.close();
  });

  async function signIn(browser: Browser, login: string) {
    const start = await browser.follow(`${api.url}/auth/login?return_to=${encodeURIComponent(`#/${service}`)}`);
    expect(start.res.status).toBe(200);
    const authorize = new URL(start.visited.find((u) => u.startsWith(`${provider.issuer}/auth?`))!);
    expect([authorize.searchParams.get('code_challenge_method'), authorize.searchParams.get('response_type')]).toEqual(['S256', 'code']);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const loggedIn = await browser.submitForm(start.url, await start.res.text(), { login, password: 'any' });
    const consented = await browser.submitForm(loggedIn.url, await loggedIn.res.text(), {});
    return consented;
  }

  const me = (browser: Browser) => browser.request(`${api.url}/api/me`).then((r) => r.json() as Promise<MeView>);
  const resolve = (browser: Browser, key: string, origin = api.url) => browser.request(`${api.url}/services/${service}/errors/${encodeURIComponent(key)}/`, { method: 'DELETE', headers: { origin } });

  it('signs a developer in through the provider and lets them resolve, recorded under their name', async () => {
    const browser = new Browser(api.url);
    expect(await me(browser)).toEqual({ name: 'anonymous', via: 'anonymous', role: 'viewer', can_resolve: false, sign_in: true });
    const done = await signIn(browser, 'alice');
    // Back on the dashboard route the sign-in started from, via the callback with a code.
    expect(done.visited.some((u) => u.startsWith(`${api.url}/auth/callback?code=`))).toBe(true);
    expect(done.url).toBe(`${api.url}/#/${service}`);
    const session = browser.apiSetCookies.filter((c) => c.startsWith('periskop_session=')).at(-1)!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(await me(browser)).toEqual({ name: 'alice', via: 'session', role: 'resolver', can_resolve: true, sign_in: true });

    expect((await resolve(browser, 'k@one', 'https://evil.example')).status).toBe(403); // cross-site, with the cookie
    expect((await resolve(browser, 'k@one')).status).toBe(204);
    const detail = await browser.request(`${api.url}/api/services/${service}/error?key=${encodeURIComponent('k@one')}`).then((r) => r.json() as Promise<{ last_resolution: { by: string } }>);
    expect(detail.last_resolution.by).toBe('alice');
  });

  it('gives a person in no listed group the viewer role', async () => {
    const browser = new Browser(api.url);
    await signIn(browser, 'bob');
    expect(await me(browser)).toMatchObject({ name: 'bob', via: 'session', role: 'viewer', can_resolve: false });
    expect((await resolve(browser, 'k@two')).status).toBe(403);
  });

  it('signs out (same-origin POST only), and a forged cookie is nobody', async () => {
    const browser = new Browser(api.url);
    await signIn(browser, 'alice');
    expect((await browser.request(`${api.url}/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await me(browser)).name).toBe('alice');
    expect((await browser.request(`${api.url}/auth/logout`, { method: 'POST', headers: { origin: api.url } })).status).toBe(204);
    expect(await me(browser)).toMatchObject({ name: 'anonymous', role: 'viewer' });

    const forged = await fetch(`${api.url}/api/me`, { headers: { cookie: 'periskop_session=AAAA%3BBBBB' } }).then((r) => r.json() as Promise<MeView>);
    expect(forged).toMatchObject({ name: 'anonymous' });
  });

  it('answers 502 to a sign-in while the provider cannot be reached, and keeps serving reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-oidc-down-'));
    const config = join(dir, 'periskop.yaml');
    writeFileSync(config, `services: []\nauth:\n  oidc: { issuer: 'http://127.0.0.1:${await freePort()}', client_id: periskop }\n`);
    const down = await AppProcess.start('api', { CONFIG_FILE: config, REDIS_URL: testRedisUrl() });
    try {
      const res = await fetch(`${down.url}/auth/login`, { redirect: 'manual' });
      expect(res.status).toBe(502);
      expect(await res.text()).toMatch(/sign-in is unavailable: OpenID provider http:\/\/127\.0\.0\.1:\d+ cannot be discovered/);
      expect((await fetch(`${down.url}/services/`)).status).toBe(200);
    } finally {
      await down.stop();
    }
  });

  it('refuses a callback that this browser did not start', async () => {
    const res = await fetch(`${api.url}/auth/callback?code=stolen&state=whatever`);
    expect(res.status).toBe(400);
  });
});
