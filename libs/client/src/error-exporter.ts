import type { ErrorCollector } from './error-collector.js';

/** Node's `ServerResponse`, which Express's `res` extends. */
interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body: string): unknown;
}

/** Fastify's `reply`. */
interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(body: string): unknown;
}

export type ErrorsHandler = (req: unknown, res: NodeResponseLike | FastifyReplyLike) => void;

export interface PushOptions {
  /** Names the pushing job; the gateway counts per job and `target_uuid` (sent as `?job=`). */
  job?: string;
  /**
   * A Periskop API token with the resolver role: sent as `Authorization: Bearer <token>`. The
   * gateway refuses pushes without one (401) unless its config says `anonymous: resolver`.
   */
  token?: string;
  /** Extra request headers (a gateway behind another proxy's auth). */
  headers?: Record<string, string>;
  /** Gives up after this long (default 5 s). */
  timeoutMs?: number;
}

/**
 * Renders a collector in the wire format, as periskop-go's `NewErrorExporter(&c).Export()`
 * does, serves it, or pushes it to a pushgateway.
 */
export class ErrorExporter {
  constructor(private readonly collector: ErrorCollector) {}

  /** The collector's state as JSON: snake_case keys, RFC 3339 times, `created_at`. */
  export(): string {
    return JSON.stringify(this.collector.snapshot());
  }

  /**
   * A request handler answering with `export()`: mount it at `/errors`. It takes Node's
   * `(req, res)` (plain `http`, Express, Connect, Koa's `ctx.req/ctx.res`) and Fastify's
   * `(request, reply)`.
   */
  handler(): ErrorsHandler {
    return (_req, res) => {
      const body = this.export();
      if (typeof (res as NodeResponseLike).writeHead === 'function') {
        (res as NodeResponseLike).writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        (res as NodeResponseLike).end(body);
      } else {
        (res as FastifyReplyLike).code(200).header('Content-Type', 'application/json').send(body);
      }
    };
  }

  /**
   * POSTs the export to `<gatewayUrl>/errors`, for processes that end before a scrape finds
   * them (batch jobs, functions). Send the whole state each time: the gateway counts the growth
   * per job, so pushing after every error counts each error once.
   */
  async push(gatewayUrl: string, options: PushOptions = {}): Promise<void> {
    const url = new URL(`${gatewayUrl.replace(/\/+$/, '')}/errors`);
    if (options.job) url.searchParams.set('job', options.job);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: this.export(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!res.ok) throw new Error(`periskop-node: push to ${url.origin}${url.pathname} failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  }
}
