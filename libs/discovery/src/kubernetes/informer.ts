import type { IncomingMessage } from 'node:http';
import { DEFAULT_MAX_SD_RESPONSE_BYTES, httpGet, openGet } from '../internal/http-request';
import type { HttpClientConfig } from '../internal/http-client-config';
import { KubeObject, objectKey, WatchEvent } from './kube-types';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface InformerOptions {
  /** API server base URL, e.g. `https://10.0.0.1:6443`. */
  baseUrl: string;
  /** Collection path, e.g. `/api/v1/namespaces/web/pods`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  client: HttpClientConfig;
  /** Cap on a list answer and on one watch event (default DEFAULT_MAX_SD_RESPONSE_BYTES). */
  maxBodyBytes?: number;
  onChange: (type: ChangeType, obj: KubeObject) => void;
  onError: (error: Error) => void;
}

const LIST_TIMEOUT_MS = 30_000;
const WATCH_TIMEOUT_SECONDS = 300;
const RETRY_MS = [250, 1000, 5000];

/**
 * A small list + watch cache for one collection, as client-go's informer: list to get the
 * current objects and a resourceVersion, then follow the watch stream (newline-delimited JSON
 * events) from there. A broken stream resumes from the last version seen; an expired version
 * (410 Gone) or a failed request starts over with a fresh list, diffed against the cache.
 */
export class Informer {
  readonly store = new Map<string, KubeObject>();
  private resourceVersion = '';
  private readonly abort = new AbortController();
  private response: IncomingMessage | null = null;
  private stopped = false;
  private failures = 0;

  constructor(private readonly options: InformerOptions) {}

  /** Lists once (resolves even on failure, which is reported) and keeps watching in the background. */
  async start(): Promise<void> {
    const listed = await this.list().then(
      () => true,
      (err: Error) => (this.fail(err), false),
    );
    void this.loop(listed);
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.response?.destroy();
  }

  private url(extra: Record<string, string>): string {
    const query = new URLSearchParams();
    if (this.options.labelSelector) query.set('labelSelector', this.options.labelSelector);
    if (this.options.fieldSelector) query.set('fieldSelector', this.options.fieldSelector);
    for (const [k, v] of Object.entries(extra)) query.set(k, v);
    const qs = query.toString();
    return `${this.options.baseUrl.replace(/\/$/, '')}${this.options.path}${qs ? `?${qs}` : ''}`;
  }

  private async list(): Promise<void> {
    const res = await httpGet(this.url({}), {
      client: this.options.client,
      timeoutMs: LIST_TIMEOUT_MS,
      signal: this.abort.signal,
      maxBodyBytes: this.options.maxBodyBytes,
      headers: { Accept: 'application/json' },
    });
    if (res.status !== 200) throw new Error(`list ${this.options.path}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    const body = JSON.parse(res.body) as { metadata?: { resourceVersion?: string }; items?: KubeObject[] };
    if (this.stopped) return;
    this.resourceVersion = body.metadata?.resourceVersion ?? '';
    const fresh = new Map((body.items ?? []).map((o) => [objectKey(o), o]));
    for (const [key, old] of this.store) {
      if (!fresh.has(key)) this.apply('DELETED', old);
    }
    for (const obj of fresh.values()) {
      const old = this.store.get(objectKey(obj));
      if (!old) this.apply('ADDED', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion || !old.metadata.resourceVersion) this.apply('MODIFIED', obj);
    }
  }

  private apply(type: ChangeType, obj: KubeObject): void {
    if (type === 'DELETED') this.store.delete(objectKey(obj));
    else this.store.set(objectKey(obj), obj);
    this.options.onChange(type, obj);
  }

  private fail(err: Error): void {
    this.failures++;
    if (!this.stopped) this.options.onError(err);
  }

  private async loop(listed: boolean): Promise<void> {
    let needList = !listed;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.delay();
          await this.list();
          needList = false;
        }
        const began = Date.now();
        needList = await this.watch();
        this.failures = 0;
        // A server that ends watches at once must not turn this into a busy loop.
        if (Date.now() - began < 1000) await new Promise<void>((resolve) => setTimeout(resolve, 250).unref());
      } catch (err) {
        this.fail(err as Error);
        needList = true;
      }
    }
  }

  private async delay(): Promise<void> {
    const ms = RETRY_MS[Math.min(this.failures, RETRY_MS.length) - 1] ?? 0;
    if (ms > 0) await new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  }

  /** Follows one watch stream to its end; true when the cache must be re-listed. */
  private async watch(): Promise<boolean> {
    const url = this.url({ watch: '1', resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds: String(WATCH_TIMEOUT_SECONDS) });
    const res = await openGet(url, { client: this.options.client, timeoutMs: (WATCH_TIMEOUT_SECONDS + 30) * 1000, signal: this.abort.signal });
    if (res.statusCode === 410) return (res.resume(), true);
    if (res.statusCode !== 200) {
      res.resume();
      throw new Error(`watch ${this.options.path}: HTTP ${res.statusCode}`);
    }
    this.response = res;
    // Decoding as a stream keeps a multi-byte character split across chunks intact.
    res.setEncoding('utf8');
    let buffered = '';
    let relist = false;
    try {
      for await (const chunk of res) {
        buffered += chunk as string;
        // One event must not grow without bound (a stream that never sends a newline).
        if (buffered.length > (this.options.maxBodyBytes ?? DEFAULT_MAX_SD_RESPONSE_BYTES)) throw new Error(`watch ${this.options.path}: one event exceeds the SD response size limit`);
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line && this.handleEvent(JSON.parse(line) as WatchEvent)) relist = true;
        }
        if (relist || this.stopped) break;
      }
    } finally {
      this.response = null;
      res.destroy();
    }
    return relist;
  }

  /** Applies one event; true when it says the resourceVersion is too old. */
  private handleEvent(event: WatchEvent): boolean {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) return true;
      throw new Error(`watch ${this.options.path}: ${event.object.message ?? 'error event'}`);
    }
    if (event.object.metadata?.resourceVersion) this.resourceVersion = event.object.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') return false;
    this.apply(event.type, event.object);
    return false;
  }
}
