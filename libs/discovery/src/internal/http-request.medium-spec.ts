import type { IncomingHttpHeaders } from 'node:http';
import { startHttpServer, startHttpsServer, TestHttpServer } from '../../test/http-server';
import { parseHttpClientConfig } from './http-client-config';
import { ConfigReader } from './config-reader';
import { httpGet } from './http-request';

/**
 * The HTTP client every HTTP-based mechanism uses, against real loopback servers: credentials
 * stay behind when a redirect leaves the host or scheme, bodies are capped, and the timeout
 * bounds the whole exchange (a server that trickles bytes forever still fails).
 */
describe('SD HTTP client against loopback servers', () => {
  const servers: TestHttpServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  async function recorder(host: string, reply: (path: string) => { status: number; headers?: Record<string, string | undefined>; body?: string }) {
    const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
    const server = await startHttpServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      const r = reply(req.url ?? '');
      res.writeHead(r.status, r.headers as Record<string, string>);
      res.end(r.body ?? '');
    }, host);
    servers.push(server);
    return { server, seen };
  }

  const bearer = parseHttpClientConfig(ConfigReader.of({ authorization: { credentials: 's3cret' } }, 't', ['authorization']), '/');
  const headers = { 'X-Consul-Token': 'consul-s3cret', Cookie: 'session=1', Accept: 'application/json' };

  it('keeps Authorization and X-Consul-Token on a same-host redirect', async () => {
    const { server, seen } = await recorder('127.0.0.1', (path) => (path === '/start' ? { status: 302, headers: { Location: '/next' } } : { status: 200, body: 'ok' }));
    const res = await httpGet(`${server.url}/start`, { client: bearer, headers, timeoutMs: 5000 });
    expect(res.body).toBe('ok');
    expect(seen[1].headers.authorization).toBe('Bearer s3cret');
    expect(seen[1].headers['x-consul-token']).toBe('consul-s3cret');
  });

  it('drops every credential on a redirect to another host (127.0.0.1 → 127.0.0.2), and on later hops', async () => {
    const other = await recorder('127.0.0.2', (path) => (path === '/hop' ? { status: 307, headers: { Location: `${first.server.url}/back` } } : { status: 200, body: 'elsewhere' }));
    const first = await recorder('127.0.0.1', (path) => (path === '/start' ? { status: 302, headers: { Location: `${other.server.url}/hop` } } : { status: 200, body: 'back' }));
    const res = await httpGet(`${first.server.url}/start`, { client: bearer, headers, timeoutMs: 5000 });
    expect(res.body).toBe('back');
    expect(first.seen[0].headers.authorization).toBe('Bearer s3cret');
    for (const hop of [other.seen[0], first.seen[1]]) {
      expect(hop.headers.authorization).toBeUndefined();
      expect(hop.headers['x-consul-token']).toBeUndefined();
      expect(hop.headers.cookie).toBeUndefined();
      expect(hop.headers.accept).toBe('application/json');
    }
  });

  it('drops basic auth from user info in the URL on a cross-host redirect', async () => {
    const other = await recorder('127.0.0.2', () => ({ status: 200, body: 'x' }));
    const first = await recorder('127.0.0.1', () => ({ status: 301, headers: { Location: other.server.url + '/' } }));
    const url = new URL(first.server.url);
    url.username = 'eureka';
    url.password = 'pw';
    await httpGet(url.toString(), { timeoutMs: 5000 });
    expect(first.seen[0].headers.authorization).toBe(`Basic ${Buffer.from('eureka:pw').toString('base64')}`);
    expect(other.seen[0].headers.authorization).toBeUndefined();
  });

  it('drops credentials on an https → http redirect to the same host', async () => {
    const plain = await recorder('127.0.0.1', () => ({ status: 200, body: 'plain' }));
    const tls = await startHttpsServer((_req, res) => {
      res.writeHead(302, { Location: `${plain.server.url}/downgraded` });
      res.end();
    });
    servers.push(tls);
    try {
      const client = parseHttpClientConfig(ConfigReader.of({ authorization: { credentials: 's3cret' }, tls_config: { ca_file: tls.caFile } }, 't', ['authorization', 'tls_config']), '/');
      const res = await httpGet(`${tls.url}/`, { client, headers, timeoutMs: 5000 });
      expect(res.body).toBe('plain');
      expect(plain.seen[0].headers.authorization).toBeUndefined();
      expect(plain.seen[0].headers['x-consul-token']).toBeUndefined();
    } finally {
      tls.cleanup();
    }
  });

  it('refuses a body over the cap, whether announced by Content-Length or streamed', async () => {
    const big = 'x'.repeat(2048);
    const { server } = await recorder('127.0.0.1', (path) =>
      path === '/declared' ? { status: 200, headers: { 'Content-Length': String(big.length) }, body: big } : { status: 200, headers: { 'Transfer-Encoding': 'chunked' }, body: big },
    );
    await expect(httpGet(`${server.url}/declared`, { timeoutMs: 5000, maxBodyBytes: 1024 })).rejects.toThrow('over the 1024-byte limit for SD responses');
    await expect(httpGet(`${server.url}/chunked`, { timeoutMs: 5000, maxBodyBytes: 1024 })).rejects.toThrow('1024-byte limit for SD responses');
    await expect(httpGet(`${server.url}/declared`, { timeoutMs: 5000, maxBodyBytes: 4096 })).resolves.toMatchObject({ body: big });
  });

  it('bounds the whole exchange: a server that keeps sending a byte at a time still times out', async () => {
    const timers: NodeJS.Timeout[] = [];
    const trickle = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      timers.push(setInterval(() => res.write(' '), 20));
    });
    servers.push(trickle);
    try {
      await expect(httpGet(`${trickle.url}/`, { timeoutMs: 300 })).rejects.toThrow('took longer than 300ms');
    } finally {
      for (const t of timers) clearInterval(t);
    }
  });

  it('never puts URL credentials into an error message', async () => {
    const { server } = await recorder('127.0.0.1', () => ({ status: 200, body: 'x'.repeat(100) }));
    const url = new URL(server.url);
    url.username = 'user';
    url.password = 'hunter2';
    const err = await httpGet(url.toString(), { timeoutMs: 5000, maxBodyBytes: 10 }).catch((e: Error) => e);
    expect(String(err)).not.toContain('hunter2');
  });
});
