import { createServer, Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { freePort } from '@periskop/test-harness';
import { ScrapeFailure } from './scrape-failure';
import { TargetFetcher } from './target-fetcher';

/** The fetcher against real HTTP servers on loopback: every way a target can fail. */
describe('TargetFetcher', () => {
  let server: Server;
  let base: string;
  const fetcher = new TargetFetcher(4);
  const limits = { timeoutMs: 300, maxResponseBytes: 1024 };

  const resets = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      // /reset-once and /reset-always drop the connection without answering, like a target whose
      // keep-alive timeout closes a socket just as it is reused.
      if (req.url === '/reset-once' || req.url === '/reset-always') {
        const seen = (resets.get(req.url) ?? 0) + 1;
        resets.set(req.url, seen);
        if (req.url === '/reset-always' || seen === 1) return req.socket.destroy();
        return res.writeHead(200).end('{"aggregated_errors":[]}');
      }
      if (req.url === '/ok') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"aggregated_errors":[]}');
      if (req.url === '/slow') return setTimeout(() => res.end('{}'), 2000);
      // Answers at once, then stalls in the middle of the body: the deadline covers the body too.
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'Content-Length': '24' }).write('{"aggregated_errors":');
        return setTimeout(() => res.end('[]}'), 2000);
      }
      if (req.url === '/big') return res.writeHead(200).end('x'.repeat(4096));
      // Compressed answers: the cap counts the bytes after decompression.
      if (req.url === '/gzip') return res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('{"aggregated_errors":[]}'));
      if (req.url === '/gzip-big') return res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync('x'.repeat(64 * 1024)));
      if (req.url === '/status') return res.writeHead(503, 'Service Unavailable').end('down');
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  const failureOf = async (url: string): Promise<ScrapeFailure> => {
    try {
      await fetcher.fetch(url, limits);
    } catch (err) {
      return err as ScrapeFailure;
    }
    throw new Error(`expected ${url} to fail`);
  };

  it('returns the body of a 2xx answer as text', async () => {
    expect(await fetcher.fetch(`${base}/ok`, limits)).toBe('{"aggregated_errors":[]}');
  });

  it.each([
    ['/slow', 'timeout', /no complete answer within 300 ms/],
    ['/slow-body', 'timeout', /no complete answer within 300 ms/],
    ['/big', 'too_large', /response larger than 1024 bytes/],
    ['/gzip-big', 'too_large', /response larger than 1024 bytes/],
    ['/status', 'http_status', /unexpected HTTP status 503 Service Unavailable/],
  ])('%s fails as %s', async (path, reason, message) => {
    const failure = await failureOf(`${base}${path}`);
    expect(failure).toBeInstanceOf(ScrapeFailure);
    expect(failure.reason).toBe(reason);
    expect(failure.message).toMatch(message);
  });

  it('decompresses a gzip answer', async () => {
    expect(await fetcher.fetch(`${base}/gzip`, limits)).toBe('{"aggregated_errors":[]}');
  });

  it('retries once, at once, when the connection is reset before an answer', async () => {
    expect(await fetcher.fetch(`${base}/reset-once`, limits)).toBe('{"aggregated_errors":[]}');
    expect(resets.get('/reset-once')).toBe(2);
    const failure = await failureOf(`${base}/reset-always`);
    expect([failure.reason, resets.get('/reset-always')]).toEqual(['network', 2]);
  });

  it('a closed port fails as refused', async () => {
    const failure = await failureOf(`http://127.0.0.1:${await freePort()}/errors`);
    expect([failure.reason, failure.message]).toEqual(['refused', expect.stringMatching(/^connection refused: http:\/\/127\.0\.0\.1:\d+\/errors$/)]);
  });
});
