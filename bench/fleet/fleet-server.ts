import http from 'node:http';
import net from 'node:net';
import { FleetShape, instanceAddress, instanceIndex } from './fleet-shape';
import { FleetState } from './fleet-state';

export interface FleetStats {
  scrapes: number;
  failures: number;
  bytes: number;
  unknown: number;
}

/**
 * One process serving every instance of the fleet: one listener per instance address
 * (127.a.b.c, loopback only), all on the same port, handing connections to one HTTP server
 * that knows the instance from the socket's local address.
 */
export class FleetServer {
  readonly state: FleetState;
  stats: FleetStats = { scrapes: 0, failures: 0, bytes: 0, unknown: 0 };
  private readonly listeners: net.Server[] = [];
  private readonly http: http.Server;
  private random: () => number;

  constructor(
    readonly shape: FleetShape,
    salt: number,
  ) {
    this.state = new FleetState(shape, salt);
    this.random = seeded(salt);
    this.http = http.createServer((req, res) => this.handle(req, res));
    this.http.keepAliveTimeout = 5_000;
  }

  async listen(port: number): Promise<void> {
    const onConnection = (socket: net.Socket) => this.http.emit('connection', socket);
    for (let i = 0; i < this.shape.instances; i++) {
      const server = net.createServer({ noDelay: true }, onConnection);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: instanceAddress(i), port, backlog: 511 }, () => resolve());
      });
      this.listeners.push(server);
    }
  }

  resetStats(): void {
    this.stats = { scrapes: 0, failures: 0, bytes: 0, unknown: 0 };
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await Promise.all(this.listeners.map((s) => new Promise((r) => s.close(r))));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const i = instanceIndex(req.socket.localAddress);
    if (i < 0 || i >= this.shape.instances) {
      this.stats.unknown++;
      res.writeHead(404).end();
      return;
    }
    const answer = () => {
      if (this.shape.errorRate > 0 && this.random() < this.shape.errorRate) {
        this.stats.failures++;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('simulated failure');
        return;
      }
      const body = this.state.scrape(i);
      this.stats.scrapes++;
      this.stats.bytes += body.length;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
    };
    if (this.shape.latencyMs > 0) setTimeout(answer, this.shape.latencyMs * (0.5 + this.random()));
    else answer();
  }
}

/** A small deterministic generator (mulberry32), so runs are repeatable. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
