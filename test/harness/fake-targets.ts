import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Real HTTP targets on loopback whose responses a test sets: a body, a status, or a delay.
 * Counts hits per path so tests can assert how often each target was scraped.
 */
export class FakeTarget {
  body: string = JSON.stringify({ aggregated_errors: [] });
  status = 200;
  delayMs = 0;
  readonly hits = new Map<string, number>();

  private constructor(private readonly server: Server) {}

  static async start(host = '127.0.0.1'): Promise<FakeTarget> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      target.hits.set(path, (target.hits.get(path) ?? 0) + 1);
      setTimeout(() => res.writeHead(target.status, { 'Content-Type': 'application/json' }).end(target.body), target.delayMs);
    });
    const target = new FakeTarget(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return target;
  }

  get address(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `${address}:${port}`;
  }

  serve(payload: unknown): void {
    this.body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    this.status = 200;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
