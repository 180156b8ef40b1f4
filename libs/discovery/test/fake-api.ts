import { mkdtempSync, rmSync } from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Route = (req: SeenRequest) => { status?: number; headers?: Record<string, string>; body: unknown } | undefined;

/**
 * A fake provider API on loopback (TCP, or a unix socket for the Docker daemon): routes answer
 * from in-memory data the test edits; `failing` makes every answer a 500, to exercise the
 * "provider error keeps the last targets" path. Every request is recorded.
 */
export class FakeApi {
  readonly requests: SeenRequest[] = [];
  failing = false;
  private listener!: http.Server;
  private socketDir: string | null = null;
  url = '';
  socketPath = '';

  constructor(private readonly route: Route) {}

  async start(options: { socket?: boolean; host?: string } = {}): Promise<this> {
    this.listener = http.createServer((req, res) => void this.handle(req, res));
    if (options.socket) {
      this.socketDir = mkdtempSync(join(tmpdir(), 'fake-api-'));
      this.socketPath = join(this.socketDir, 'api.sock');
      await new Promise<void>((resolve) => this.listener.listen(this.socketPath, resolve));
    } else {
      const host = options.host ?? '127.0.0.1';
      await new Promise<void>((resolve) => this.listener.listen(0, host, resolve));
      this.url = `http://${host}:${(this.listener.address() as AddressInfo).port}`;
    }
    return this;
  }

  async close(): Promise<void> {
    this.listener.closeAllConnections();
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.requests.push(seen);
    if (this.failing) return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('provider unavailable');
    const answer = this.route(seen);
    if (!answer) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no route for ${seen.path}`);
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
    res.end(text);
  }
}
