import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCollector } from './error-collector';
import { ErrorExporter } from './error-exporter';

/** push() against a real HTTP server on loopback that records what arrived and answers as told. */
describe('ErrorExporter.push', () => {
  let server: Server;
  let url: string;
  let status = 200;
  const received: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(status === 200 ? '{"counted":1,"refused":[]}' : '{"message":"invalid bearer token"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    received.length = 0;
    status = 200;
  });

  const exporter = () => {
    const collector = new ErrorCollector();
    collector.report(new Error('row rejected'), { key: 'row-rejected' });
    return new ErrorExporter(collector);
  };

  it('sends the token as a bearer Authorization header, with the job and the export', async () => {
    await exporter().push(url, { job: 'nightly', token: 'resolver-token-0123456789' });
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/errors?job=nightly');
    expect(received[0].headers.authorization).toBe('Bearer resolver-token-0123456789');
    expect(received[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0].body).aggregated_errors[0].aggregation_key).toBe('row-rejected');
  });

  it('sends no Authorization header without a token', async () => {
    await exporter().push(url, { job: 'nightly' });
    expect(received[0].headers.authorization).toBeUndefined();
  });

  it('names the status when the gateway refuses the push', async () => {
    status = 401;
    await expect(exporter().push(url, { token: 'wrong' })).rejects.toThrow(/failed: HTTP 401 .*invalid bearer token/);
  });
});
