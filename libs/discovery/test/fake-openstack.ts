import { FakeApi, Route, SeenRequest } from './fake-api';

/**
 * An OpenStack cloud on loopback: Keystone v3 (`/identity`), Nova (`/compute/v2.1/`),
 * Neutron (`/network/`) and Octavia (`/lb/`) answering in their documented JSON. Keystone checks
 * the password or application credential and hands out a token; every other service answers
 * 401 without it. Lists are paged `pageSize` items at a time through `<collection>_links`.
 */
export class FakeOpenstack {
  static readonly TOKEN = 'gAAAAAB-fake-token';
  servers: unknown[] = [];
  ports: unknown[] = [];
  floatingIps: unknown[] = [];
  hypervisors: unknown[] = [];
  loadBalancers: unknown[] = [];
  listeners: unknown[] = [];
  computeVersion = '2.90';
  pageSize = 2;
  /** What Keystone accepts: `user/password` or `appcred-id/secret`. */
  users: Record<string, string> = { 'admin/s3cret': 'ok', 'ac-1/ac-secret': 'ok' };
  readonly api: FakeApi;

  constructor() {
    this.api = new FakeApi((req) => this.route(req));
  }

  get url(): string {
    return this.api.url;
  }
  get requests(): SeenRequest[] {
    return this.api.requests;
  }
  set failing(value: boolean) {
    this.api.failing = value;
  }
  get failing(): boolean {
    return this.api.failing;
  }

  async start(): Promise<this> {
    await this.api.start();
    return this;
  }
  close(): Promise<void> {
    return this.api.close();
  }

  private catalog() {
    const ep = (path: string, region: string, iface = 'public') => ({ interface: iface, region, region_id: region, url: `${this.url}${path}` });
    return [
      { type: 'compute', name: 'nova', endpoints: [ep('/compute/v2.1', 'RegionOne'), ep('/compute-internal/v2.1', 'RegionOne', 'internal'), ep('/compute-two/v2.1', 'RegionTwo')] },
      { type: 'network', name: 'neutron', endpoints: [ep('/network', 'RegionOne'), ep('/network', 'RegionOne', 'internal')] },
      { type: 'load-balancer', name: 'octavia', endpoints: [ep('/lb', 'RegionOne')] },
    ];
  }

  private route(req: SeenRequest): ReturnType<Route> {
    if (req.path === '/identity') {
      return { status: 300, body: { versions: { values: [{ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${this.url}/identity/v3/` }] }] } } };
    }
    if (req.path === '/identity/v3/auth/tokens' && req.method === 'POST') return this.login(req);
    if (req.headers['x-auth-token'] !== FakeOpenstack.TOKEN) return { status: 401, body: { error: { code: 401, message: 'The request you have made requires authentication.' } } };
    const internal = req.path.startsWith('/compute-internal/');
    const path = req.path.replace(/^\/compute-internal\//, '/compute/');
    if (path === '/compute/v2.1/' || path === '/compute/v2.1') return { body: { version: { id: 'v2.1', status: 'CURRENT', min_version: '2.1', version: this.computeVersion } } };
    if (path === '/compute/v2.1/servers/detail') return this.page(req, 'servers', internal ? [] : this.servers);
    if (path === '/compute/v2.1/os-hypervisors/detail') return this.page(req, 'hypervisors', this.hypervisors);
    if (req.path === '/network/v2.0/ports') return this.page(req, 'ports', this.ports);
    if (req.path === '/network/v2.0/floatingips') return this.page(req, 'floatingips', this.floatingIps);
    if (req.path === '/lb/v2/lbaas/loadbalancers') return this.page(req, 'loadbalancers', this.loadBalancers);
    if (req.path === '/lb/v2/lbaas/listeners') return this.page(req, 'listeners', this.listeners);
    return undefined;
  }

  private login(req: SeenRequest) {
    const { auth } = JSON.parse(req.body) as {
      auth: { identity: { methods: string[]; password?: { user: { name?: string; id?: string; password: string } }; application_credential?: { id?: string; name?: string; secret: string } } };
    };
    const id =
      auth.identity.methods[0] === 'password'
        ? `${auth.identity.password?.user.name ?? auth.identity.password?.user.id}/${auth.identity.password?.user.password}`
        : `${auth.identity.application_credential?.id ?? auth.identity.application_credential?.name}/${auth.identity.application_credential?.secret}`;
    if (!this.users[id]) return { status: 401, body: { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } } };
    return {
      status: 201,
      headers: { 'X-Subject-Token': FakeOpenstack.TOKEN },
      body: { token: { methods: auth.identity.methods, expires_at: '2099-01-01T00:00:00.000000Z', catalog: this.catalog() } },
    };
  }

  /** One page: `marker` is the index to start at; a next link while more remain. */
  private page(req: SeenRequest, collection: string, items: unknown[]) {
    const start = Number(req.query.get('marker') ?? 0);
    const slice = items.slice(start, start + this.pageSize);
    const next = new URLSearchParams(req.query);
    next.set('marker', String(start + this.pageSize));
    const links = start + this.pageSize < items.length ? [{ rel: 'next', href: `${this.url}${req.path}?${next}` }] : [];
    return { body: { [collection]: slice, [`${collection}_links`]: links } };
  }
}
