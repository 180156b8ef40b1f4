import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, startHttpsServer, TestHttpServer } from './http-server';

type Obj = { metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> }; [k: string]: unknown };

interface Watcher {
  resource: string;
  namespace: string | null;
  res: ServerResponse;
}

/**
 * A fake Kubernetes API server speaking the list + watch protocol: collection GETs return
 * `{metadata:{resourceVersion}, items}`, and `?watch=1` keeps a chunked response open and
 * streams `{"type":"ADDED|MODIFIED|DELETED","object":…}` lines, replaying events newer than
 * the requested resourceVersion.
 */
export class FakeKubeApi {
  readonly requests: string[] = [];
  /** The Authorization header of every request (`''` when absent), in order. */
  readonly authorizations: string[] = [];
  /** With `start({ tls: true })`: the self-signed certificate to trust. */
  caFile = '';
  private cleanup: () => void = () => {};
  private readonly objects = new Map<string, Map<string, Obj>>();
  private readonly log: Array<{ rv: number; resource: string; type: string; object: Obj }> = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 100;
  private http!: TestHttpServer;

  get url(): string {
    return this.http.url;
  }

  async start(options: { tls?: boolean } = {}): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.requests.push(req.url ?? '');
      this.authorizations.push(req.headers.authorization ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      const match = /^\/(?:api\/v1|apis\/[^/]+\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)$/.exec(url.pathname);
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const [, namespace = null, resource] = match;
      const selector = url.searchParams.get('labelSelector');
      if (url.searchParams.get('watch') === '1') return this.openWatch(resource, namespace, Number(url.searchParams.get('resourceVersion') ?? 0), res);
      const items = [...(this.objects.get(resource)?.values() ?? [])].filter((o) => this.visible(o, namespace, selector));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'List', metadata: { resourceVersion: String(this.rv) }, items }));
    };
    if (options.tls) {
      const server = await startHttpsServer(handler);
      [this.http, this.caFile, this.cleanup] = [server, server.caFile, server.cleanup];
    } else {
      this.http = await startHttpServer(handler);
    }
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    await this.http.close();
    this.cleanup();
  }

  /** Adds or replaces an object and streams the event to open watches. */
  apply(resource: string, object: Obj, type: 'ADDED' | 'MODIFIED' | 'DELETED' = 'ADDED'): void {
    this.rv++;
    const stored: Obj = { ...object, metadata: { ...object.metadata, resourceVersion: String(this.rv) } };
    const byKey = this.objects.get(resource) ?? new Map<string, Obj>();
    this.objects.set(resource, byKey);
    const key = `${stored.metadata.namespace ?? ''}/${stored.metadata.name}`;
    if (type === 'DELETED') byKey.delete(key);
    else byKey.set(key, stored);
    this.log.push({ rv: this.rv, resource, type, object: stored });
    for (const w of this.watchers) {
      if (w.resource === resource && this.visible(stored, w.namespace, null)) w.res.write(`${JSON.stringify({ type, object: stored })}\n`);
    }
  }

  /** Ends every open watch stream (the client must resume from its last resourceVersion). */
  dropWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Sends a 410 Gone error event on every watch (the client must list again). */
  expireWatches(): void {
    for (const w of this.watchers) w.res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } })}\n`);
    this.watchers.clear();
  }

  watchCount(resource?: string): number {
    return [...this.watchers].filter((w) => !resource || w.resource === resource).length;
  }

  private visible(o: Obj, namespace: string | null, selector: string | null): boolean {
    if (namespace && o.metadata.namespace !== namespace) return false;
    if (!selector) return true;
    return selector.split(',').every((term) => {
      const [k, v] = term.split('=');
      return o.metadata.labels?.[k] === v;
    });
  }

  private openWatch(resource: string, namespace: string | null, since: number, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    for (const e of this.log) {
      if (e.rv > since && e.resource === resource && this.visible(e.object, namespace, null)) res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
    }
    const watcher = { resource, namespace, res };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }
}
