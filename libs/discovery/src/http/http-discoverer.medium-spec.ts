import type { IncomingHttpHeaders } from 'node:http';
import { startHttpServer, TestHttpServer } from '../../test/http-server';
import { waitFor } from '../../test/wait-for';
import type { TargetGroup } from '../target-group';
import { createHttpDiscoverer } from './http-discoverer';
import { parseHttpSdConfig } from './http-sd-config';

describe('http_sd_configs against a real HTTP server', () => {
  let server: TestHttpServer;
  let reply: { status: number; type: string; body: string };
  const seen: IncomingHttpHeaders[] = [];
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(reply.status, { 'Content-Type': reply.type });
      res.end(reply.body);
    });
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await server.close();
  });

  async function run(refresh = '60s') {
    const url = `${server.url}/sd`;
    const history: TargetGroup[][] = [];
    const errors: Error[] = [];
    const d = createHttpDiscoverer(parseHttpSdConfig({ url, refresh_interval: refresh }, '/'), { onError: (_m, e) => errors.push(e) });
    stops.push(() => d.stop());
    await d.start((g) => history.push(g));
    return { url, history, errors };
  }

  it('reads groups, adds __meta_url, sends the refresh-interval header', async () => {
    reply = { status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify([{ targets: ['a:1', 'b:2'], labels: { env: 'prod' } }, { targets: ['c:3'] }]) };
    const { url, history } = await run('1m30s');
    expect(history[0]).toEqual([
      { source: `${url}:0`, targets: [{ __address__: 'a:1' }, { __address__: 'b:2' }], labels: { env: 'prod', __meta_url: url } },
      { source: `${url}:1`, targets: [{ __address__: 'c:3' }], labels: { __meta_url: url } },
    ]);
    const headers = seen[seen.length - 1];
    expect(headers['x-prometheus-refresh-interval-seconds']).toBe('90');
    expect(headers.accept).toBe('application/json');
  });

  it.each([
    [{ status: 404, type: 'application/json', body: '[]' }, 'server returned HTTP status 404'],
    [{ status: 200, type: 'text/plain', body: '[]' }, 'unsupported content type "text/plain"'],
    [{ status: 200, type: 'application/json', body: '[null]' }, 'nil target group item found'],
    [{ status: 200, type: 'application/json', body: '[{"targets":["a"],"extra":1}]' }, 'json: unknown field "extra"'],
    [{ status: 200, type: 'application/json', body: '[{"targets":["a"],"labels":{"x":1}}]' }, 'must be a string'],
  ])('a bad answer (%j) is an error and sends nothing: %s', async (answer, message) => {
    reply = answer;
    const { history, errors } = await run();
    expect(history).toEqual([]);
    expect(errors[0].message).toContain(message);
  });

  it('keeps the last targets on failure and clears indexes that disappear', async () => {
    reply = { status: 200, type: 'application/json', body: JSON.stringify([{ targets: ['a:1'] }, { targets: ['b:1'] }]) };
    const { url, history, errors } = await run('40ms');
    expect(history[0]).toHaveLength(2);

    reply = { status: 500, type: 'application/json', body: '' };
    await waitFor(() => errors.length >= 2);
    expect(history).toHaveLength(1);

    reply = { status: 200, type: 'application/json', body: JSON.stringify([{ targets: ['a:9'] }]) };
    await waitFor(() => history.length >= 2);
    expect(history[1]).toEqual([
      { source: `${url}:0`, targets: [{ __address__: 'a:9' }], labels: { __meta_url: url } },
      { source: `${url}:1`, targets: [], labels: {} },
    ]);
  });
});

describe('http_sd_configs parsing', () => {
  it.each([
    [{}, 'url: URL is missing'],
    [{ url: 'ftp://x/' }, "url: URL scheme must be 'http' or 'https'"],
    [{ url: 'http://x', refresh: '1s' }, 'refresh: field refresh not found in type http.SDConfig'],
    [{ url: 'http://x', basic_auth: { username: 'u', password: 'p', password_file: 'f' } }, 'basic_auth: at most one of basic_auth password & password_file must be configured'],
    [{ url: 'http://x', authorization: { type: 'Basic' } }, 'authorization.type: authorization type cannot be set to "basic"'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseHttpSdConfig(raw, '/')).toThrow(message);
  });

  it('defaults refresh_interval to 60s and resolves credential files against the config directory', () => {
    const c = parseHttpSdConfig({ url: 'https://sd.example/targets', authorization: { credentials_file: 'token' } }, '/etc/periskop');
    expect(c.refreshIntervalMs).toBe(60_000);
    expect(c.client.authorization).toEqual({ type: 'Bearer', credentials: null, credentialsFile: '/etc/periskop/token' });
  });
});
