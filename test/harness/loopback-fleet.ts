import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FleetMember {
  /** Index within the fleet (0-based), also used to pick its loopback address. */
  index: number;
  /** `127.0.0.x:port` — what a scrape config lists. */
  address: string;
}

/**
 * A fleet of HTTP targets, each on its own loopback address (127.0.0.2, 127.0.0.3, …: Linux
 * answers the whole 127/8) and port. A test decides each member's answer per path, and every
 * hit is recorded with its time, so a test can count scrapes per target, per path, per window.
 */
export class LoopbackFleet {
  /** What a member answers on a path; `undefined` answers 404. */
  respond: (member: FleetMember, path: string) => unknown = () => ({ aggregated_errors: [] });
  /** Milliseconds a member waits before answering a path (slow targets). */
  delayMs: (member: FleetMember, path: string) => number = () => 0;

  private readonly hitTimes: Map<string, number[]>[] = [];

  private constructor(
    readonly members: FleetMember[],
    private readonly servers: Server[],
  ) {}

  static async start(size: number, firstHost = 2): Promise<LoopbackFleet> {
    if (firstHost + size > 255) throw new Error('a loopback fleet has at most 253 members');
    const members: FleetMember[] = [];
    const servers: Server[] = [];
    const fleet = new LoopbackFleet(members, servers);
    for (let index = 0; index < size; index++) {
      const host = `127.0.0.${firstHost + index}`;
      fleet.hitTimes.push(new Map());
      const server = createServer((req, res) => fleet.answer(index, req, res));
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => resolve());
      });
      members.push({ index, address: `${host}:${(server.address() as AddressInfo).port}` });
    }
    return fleet;
  }

  private answer(index: number, req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '').split('?')[0];
    const member = this.members[index];
    const times = this.hitTimes[index].get(path) ?? [];
    times.push(Date.now());
    this.hitTimes[index].set(path, times);
    setTimeout(
      () => {
        if (res.destroyed) return;
        const body = this.respond(member, path);
        if (body === undefined) return void res.writeHead(404).end();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
      },
      this.delayMs(member, path),
    );
  }

  /** Every hit of a member on a path, as epoch ms, oldest first. */
  hits(member: FleetMember | number, path: string): number[] {
    const index = typeof member === 'number' ? member : member.index;
    return [...(this.hitTimes[index].get(path) ?? [])];
  }

  hitCount(member: FleetMember | number, path: string): number {
    return this.hits(member, path).length;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map((server) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    );
  }
}
