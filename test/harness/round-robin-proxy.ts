import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One loopback address that sends each HTTP request to the next of its backends, as a
 * Kubernetes Service or an Ingress spreads requests over replicas. A backend that does not
 * answer costs that request a 502 (no retry), as a replica going away does behind a Service.
 * Counts the requests each backend answered.
 */
export class RoundRobinProxy {
  readonly answered: number[];
  private next = 0;

  private constructor(
    private readonly server: Server,
    readonly backends: string[],
  ) {
    this.answered = backends.map(() => 0);
  }

  /** @param backends `host:port` of each replica */
  static async start(backends: string[]): Promise<RoundRobinProxy> {
    const server = createServer((req, res) => {
      const index = proxy.next++ % backends.length;
      const [hostname, port] = backends[index].split(':');
      const upstream = request({ hostname, port: Number(port), path: req.url, method: req.method, headers: req.headers }, (answer) => {
        proxy.answered[index]++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end('backend unavailable\n');
      });
      req.pipe(upstream);
    });
    const proxy = new RoundRobinProxy(server, backends);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get address(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `${address}:${port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
