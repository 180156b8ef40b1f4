import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceEntry } from '../src/consul/consul-targets';
import { startHttpServer, TestHttpServer } from './http-server';

/**
 * A fake Consul agent: `/v1/agent/self`, `/v1/catalog/services` and `/v1/health/service/<name>`
 * with blocking queries — a request whose `index` equals the current X-Consul-Index is held
 * until the data changes (or the server closes).
 */
export class FakeConsul {
  readonly requests: Array<{ url: string; token: string | undefined }> = [];
  private readonly services = new Map<string, { tags: string[]; entries: ServiceEntry[] }>();
  private index = 10;
  private waiting: Array<() => void> = [];
  private http!: TestHttpServer;
  failing = false;

  get server(): string {
    return new URL(this.http.url).host;
  }

  async start(): Promise<void> {
    this.http = await startHttpServer((req, res) => void this.handle(req, res));
  }

  async close(): Promise<void> {
    this.release();
    await this.http.close();
  }

  setService(name: string, tags: string[], entries: ServiceEntry[]): void {
    this.services.set(name, { tags, entries });
    this.bump();
  }

  removeService(name: string): void {
    this.services.delete(name);
    this.bump();
  }

  private bump(): void {
    this.index++;
    this.release();
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push({ url: req.url ?? '', token: req.headers['x-consul-token'] as string | undefined });
    const url = new URL(req.url ?? '/', 'http://x');
    if (this.failing) return void res.writeHead(500).end('agent unavailable');
    if (url.pathname === '/v1/agent/self') return this.reply(res, { Config: { Datacenter: 'test-dc' } });
    const asked = url.searchParams.get('index');
    if (asked !== null && Number(asked) === this.index) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (res.destroyed) return;
    }
    if (url.pathname === '/v1/catalog/services') {
      return this.reply(res, Object.fromEntries([...this.services].map(([name, s]) => [name, s.tags])));
    }
    const health = /^\/v1\/health\/service\/(.+)$/.exec(url.pathname);
    if (health) {
      const tags = url.searchParams.getAll('tag');
      const entries = (this.services.get(decodeURIComponent(health[1]))?.entries ?? []).filter((e) => tags.every((t) => (e.Service.Tags ?? []).includes(t)));
      return this.reply(res, entries);
    }
    res.writeHead(404).end();
  }

  private reply(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Consul-Index': String(this.index) });
    res.end(JSON.stringify(body));
  }
}

export function entry(node: string, address: string, service: string, port: number, extra: Partial<ServiceEntry['Service']> = {}, checks: ServiceEntry['Checks'] = []): ServiceEntry {
  return {
    Node: { Node: node, Address: address, TaggedAddresses: { lan: address, wan: '8.8.8.8' }, Meta: { rack_name: '2304' } },
    Service: { ID: `${service}-${node}`, Service: service, Address: '', Port: port, Tags: [], Meta: { version: '1' }, ...extra },
    Checks: checks,
  };
}
