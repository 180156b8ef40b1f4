import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestHttpServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real node:http server on a free loopback port (127.0.0.1 unless `host` names another
 * loopback address, e.g. 127.0.0.2 for "another host"); `close` also ends kept-alive and
 * streaming connections.
 */
export async function startHttpServer(handler: Handler, host = '127.0.0.1'): Promise<TestHttpServer> {
  return listen(http.createServer(handler), 'http', host);
}

/** The same over TLS, with a throwaway self-signed certificate for 127.0.0.1 (`ca` to trust it). */
export async function startHttpsServer(handler: Handler, host = '127.0.0.1'): Promise<TestHttpServer & { caFile: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${host}`, '-addext', `subjectAltName=IP:${host}`], {
    stdio: 'ignore',
  });
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handler);
  const started = await listen(server as unknown as http.Server, 'https', host);
  return { ...started, caFile: cert, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function listen(server: http.Server, scheme: string, host: string): Promise<TestHttpServer> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
