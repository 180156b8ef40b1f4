import type { Discoverer, DiscoveryOptions } from '../discoverer';
import { httpGet } from '../internal/http-request';
import type { TargetGroup } from '../target-group';
import type { ConsulSdConfig } from './consul-sd-config';
import { consulGroup, ServiceEntry } from './consul-targets';

// Blocking queries wait up to 2 minutes on the server; the client allows a little longer.
const WAIT = '120000ms';
const REQUEST_TIMEOUT_MS = 135_000;
const RETRY_MS = 15_000;

/**
 * `consul_sd_configs`: blocking queries against the catalog. Without a fixed service list (or
 * with tags or a filter) the catalog's service list is watched and a watcher runs per matching
 * service; each watcher long-polls `/v1/health/service/<name>` and sends a group whenever the
 * Consul index moves. Failures are reported and retried; the last targets stay meanwhile.
 */
export class ConsulDiscoverer implements Discoverer {
  private readonly abort = new AbortController();
  private readonly watchers = new Map<string, AbortController>();
  private datacenter: string;
  private onGroups: (groups: TargetGroup[]) => void = () => {};

  constructor(
    private readonly config: ConsulSdConfig,
    private readonly options: DiscoveryOptions,
  ) {
    this.datacenter = config.datacenter;
  }

  async start(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    this.onGroups = onGroups;
    if (!this.datacenter && !(await this.attempt(() => this.askDatacenter()))) {
      void this.retryThenRun();
      return;
    }
    await this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async retryThenRun(): Promise<void> {
    while (!this.stopped && !this.datacenter) {
      await this.sleep(Math.min(RETRY_MS, this.config.refreshIntervalMs));
      if (!this.stopped) await this.attempt(() => this.askDatacenter());
    }
    if (!this.stopped) await this.run();
  }

  /** Resolves once the first catalog answer and every first service answer are in. */
  private async run(): Promise<void> {
    const { services, tags, filter } = this.config;
    if (services.length === 0 || tags.length > 0 || filter) {
      const first = { index: '' };
      await this.attempt(() => this.pollCatalog(first));
      void this.loop(() => this.pollCatalog(first));
    } else {
      await Promise.all(services.map((name) => this.watchService(name)));
    }
  }

  private async askDatacenter(): Promise<void> {
    const body = (await this.get('/v1/agent/self', {})).json as { Config?: { Datacenter?: string } };
    const dc = body.Config?.Datacenter;
    if (!dc) throw new Error('invalid value for datacenter in /v1/agent/self');
    this.datacenter = dc;
  }

  private async pollCatalog(state: { index: string }): Promise<void> {
    const params: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(this.config.nodeMeta)) params.push(['node-meta', `${k}:${v}`]);
    if (this.config.filter) params.push(['filter', this.config.filter]);
    const res = await this.get('/v1/catalog/services', { index: state.index }, params);
    if (res.index === state.index) return;
    state.index = res.index;
    const catalog = res.json as Record<string, string[] | null>;
    const wanted = Object.keys(catalog).filter(
      (name) => (this.config.services.length === 0 || this.config.services.includes(name)) && this.config.tags.every((t) => (catalog[name] ?? []).includes(t)),
    );
    const starting = wanted.filter((name) => !this.watchers.has(name)).map((name) => this.watchService(name));
    const gone: TargetGroup[] = [];
    for (const [name, controller] of this.watchers) {
      if (wanted.includes(name)) continue;
      controller.abort();
      this.watchers.delete(name);
      gone.push({ source: name, targets: [], labels: {} });
    }
    if (gone.length) this.onGroups(gone);
    await Promise.all(starting);
  }

  /** Starts a service's watcher; resolves after its first answer (or first failure). */
  private async watchService(name: string): Promise<void> {
    const controller = new AbortController();
    this.watchers.set(name, controller);
    const state = { index: '' };
    const poll = () => this.pollService(name, state, controller.signal);
    await this.attempt(poll);
    void this.loop(poll, controller.signal);
  }

  private async pollService(name: string, state: { index: string }, signal: AbortSignal): Promise<void> {
    const params: Array<[string, string]> = this.config.tags.map((t) => ['tag', t]);
    if (this.config.healthFilter) params.push(['filter', this.config.healthFilter]);
    const res = await this.get(`/v1/health/service/${encodeURIComponent(name)}`, { index: state.index }, params, signal);
    if (res.index === state.index || signal.aborted) return;
    state.index = res.index;
    this.onGroups([consulGroup(name, this.datacenter, (res.json as ServiceEntry[] | null) ?? [], this.config.tagSeparator)]);
  }

  /** Repeats `poll` at most once per refresh_interval until stopped. */
  private async loop(poll: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    while (!this.stopped && !signal?.aborted) {
      await this.sleep(this.config.refreshIntervalMs);
      if (this.stopped || signal?.aborted) return;
      if (!(await this.attempt(poll))) await this.sleep(Math.min(RETRY_MS, this.config.refreshIntervalMs));
    }
  }

  private async attempt(fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      if (!this.stopped) this.options.onError?.('consul_sd_configs', err as Error);
      return false;
    }
  }

  private async get(path: string, blocking: { index?: string }, extra: Array<[string, string]> = [], signal?: AbortSignal): Promise<{ json: unknown; index: string }> {
    const query = new URLSearchParams();
    if (this.datacenter && path !== '/v1/agent/self') query.set('dc', this.datacenter);
    if (blocking.index !== undefined) {
      if (blocking.index) query.set('index', blocking.index);
      query.set('wait', WAIT);
      if (this.config.allowStale) query.set('stale', '');
      if (this.config.namespace) query.set('ns', this.config.namespace);
      if (this.config.partition) query.set('partition', this.config.partition);
    }
    for (const [k, v] of extra) query.append(k, v);
    const qs = query.toString();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.config.token) headers['X-Consul-Token'] = this.config.token;
    const combined = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
    const res = await httpGet(`${this.config.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
      client: this.config.client,
      headers,
      timeoutMs: REQUEST_TIMEOUT_MS,
      signal: combined,
      maxBodyBytes: this.options.maxResponseBytes,
    });
    if (res.status !== 200) throw new Error(`Unexpected response code: ${res.status} (${res.body.slice(0, 200)})`);
    return { json: JSON.parse(res.body), index: String(res.headers['x-consul-index'] ?? '') };
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
