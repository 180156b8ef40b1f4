import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Agent, Dispatcher, request } from 'undici';
import type { FollowRedirects, TlsFileConfig } from '@periskop/config';
import { decideRedirect, isRedirectStatus } from './redirect-policy';
import { ScrapeFailure } from './scrape-failure';
import { keepAliveAgent, SocketInfo, TlsAgents, tlsErrorOf } from './tls-agents';
import { isTlsError } from './tls-options';

export interface FetchLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/** A scrape's limits and transport, as its job carries them (transport absent in jobs of older schedulers). */
export interface FetchOptions extends FetchLimits {
  followRedirects?: FollowRedirects;
  tls?: TlsFileConfig | null;
}

const HEADERS = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'periskop-scraper' };

/**
 * GETs a target's errors endpoint with undici: keep-alive pools reused across cycles (a fleet is
 * scraped every few seconds), and the body read straight into one buffer — no per-request config
 * merging, no chunk joining on the way. One deadline covers the whole chain of hops and the body;
 * the size cap counts decompressed bytes and stops reading as soon as it is passed, so one bad
 * target holds neither a worker nor its memory. Redirects are followed here, hop by hop, so
 * `scraper.follow_redirects` decides each one and a foreign host never sees the target's client
 * certificate.
 */
export class TargetFetcher {
  private readonly agent: Agent;
  private readonly tlsAgents: TlsAgents;

  constructor(maxSockets: number) {
    this.agent = keepAliveAgent(maxSockets);
    this.tlsAgents = new TlsAgents(maxSockets);
  }

  async fetch(url: string, options: FetchOptions): Promise<string> {
    return (await this.fetchBytes(url, options)).toString('utf8');
  }

  /** The body as read, undecoded, in one buffer. */
  async fetchBytes(url: string, options: FetchOptions): Promise<Buffer> {
    return joinChunks(await this.fetchChunks(url, options));
  }

  /**
   * The body as read, undecoded, in the chunks it arrived in: a body that did not change since its
   * last merge is hashed chunk by chunk and never copied into one buffer nor turned into a string
   * (a buffer of more than 128 KB is fresh memory from the OS each time, costly to fault in).
   */
  async fetchChunks(url: string, options: FetchOptions): Promise<Buffer[]> {
    const { signal, clear } = deadline(options.timeoutMs);
    try {
      const origin = new URL(url);
      let current = origin;
      let foreignHost = false;
      for (let hops = 0; ; hops++) {
        const response = await this.get(current, this.dispatcherFor(options.tls, foreignHost), signal);
        if (isRedirectStatus(response.statusCode)) {
          await response.body.dump();
          const location = headerOf(response.headers.location);
          if (!location) throw new ScrapeFailure('http_status', `HTTP ${response.statusCode} redirect without a Location header`);
          const next = URL.canParse(location, current.href) ? new URL(location, current) : null;
          if (!next) throw new ScrapeFailure('redirect', `redirect to an invalid Location ${JSON.stringify(location.slice(0, 200))}: ${current.href}`);
          const decision = decideRedirect(options.followRedirects ?? 'same_host', origin, current, next, hops);
          if (!decision.follow) throw new ScrapeFailure('redirect', `${decision.reason}: ${current.href} → ${next.href}`);
          current = next;
          foreignHost = decision.foreignHost;
          continue;
        }
        if (response.statusCode < 200 || response.statusCode > 299) {
          await response.body.dump();
          throw new ScrapeFailure('http_status', `unexpected HTTP status ${response.statusCode} ${STATUS_CODES[response.statusCode] ?? ''}`.trim());
        }
        return await readCapped(response, options.maxResponseBytes, url);
      }
    } catch (err) {
      throw toScrapeFailure(err, url, options);
    } finally {
      clear();
    }
  }

  /**
   * One GET. A kept-alive socket can be closed by the target just as it is reused (its idle
   * timeout meets our next scrape); the request then fails before any answer. That is retried
   * once, at once: nothing was answered, so nothing is counted twice. Timeouts and answers never retry.
   */
  private async get(url: URL, dispatcher: Dispatcher, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const send = () => request(url, { method: 'GET', headers: HEADERS, dispatcher, signal });
    try {
      return await send();
    } catch (err) {
      if (!isStaleSocketError(err) || signal.aborted) throw err;
      return send();
    }
  }

  close(): void {
    void this.agent.destroy().catch(() => undefined);
    this.tlsAgents.destroy();
  }

  private dispatcherFor(tls: TlsFileConfig | null | undefined, foreignHost: boolean): Dispatcher {
    return tls ? this.tlsAgents.agentFor(tls, foreignHost).dispatcher : this.agent;
  }
}

class TooLarge extends Error {}

/**
 * A signal that aborts after `ms` as AbortSignal.timeout's does (a TimeoutError), from one
 * controller and one timer that the caller clears once the body is read. AbortSignal.timeout
 * costs about 21 µs per call on the bench machine (and leaves its timer to be collected), this
 * about 1 µs: every scrape, changed or not, makes one.
 */
function deadline(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** The chunks of a body in one buffer (the chunk itself when there is one). */
export function joinChunks(chunks: readonly Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** The body, decompressed, as read; stops reading (and drops the socket) past `maxBytes`. */
async function readCapped(response: Dispatcher.ResponseData, maxBytes: number, url: string): Promise<Buffer[]> {
  const declared = Number(headerOf(response.headers['content-length']) ?? NaN);
  const encoding = (headerOf(response.headers['content-encoding']) ?? 'identity').trim().toLowerCase();
  const decoder = decoderFor(encoding);
  if (decoder === undefined) {
    await response.body.dump();
    throw new ScrapeFailure('network', `unsupported Content-Encoding ${JSON.stringify(encoding.slice(0, 50))}: ${url}`);
  }
  if (!decoder && declared > maxBytes) {
    response.body.destroy();
    throw new TooLarge();
  }
  const source: Readable = decoder ? response.body.pipe(decoder) : response.body;
  if (decoder) response.body.on('error', (err) => decoder.destroy(err));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new TooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    response.body.destroy();
    decoder?.destroy();
    throw err;
  }
  return chunks;
}

/** null: the body is as sent; undefined: an encoding this client does not read. */
function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null | undefined {
  if (encoding === 'identity' || encoding === '') return null;
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: { code?: string; message?: string };
  /** undici's SocketError: which socket failed. */
  socket?: SocketInfo;
}

export function isStaleSocketError(err: unknown): boolean {
  const e = err as ErrorLike;
  if (tlsErrorOf(e.socket)) return false;
  const code = e.code ?? e.cause?.code;
  return (code !== undefined && STALE_SOCKET_CODES.has(code)) || /socket hang up|other side closed/.test(e.message ?? '');
}

const TIMEOUT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ABORT_ERR']);

function toScrapeFailure(err: unknown, url: string, limits: FetchLimits): ScrapeFailure {
  if (err instanceof ScrapeFailure) return err;
  if (err instanceof TooLarge) return new ScrapeFailure('too_large', `response larger than ${limits.maxResponseBytes} bytes: ${url}`);
  const e = (tlsErrorOf((err as ErrorLike).socket) ?? err) as ErrorLike;
  const code = e.code ?? e.cause?.code;
  const message = e.message ?? String(err);
  if (code === 'ECONNREFUSED') return new ScrapeFailure('refused', `connection refused: ${url}`);
  if ((code !== undefined && TIMEOUT_CODES.has(code)) || e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new ScrapeFailure('timeout', `no complete answer within ${limits.timeoutMs} ms: ${url}`);
  }
  const tlsCode = e.cause?.code ?? code;
  if (isTlsError(tlsCode, e.cause?.message ?? message)) return new ScrapeFailure('tls', `TLS: ${tlsCode ? `${tlsCode}: ` : ''}${e.cause?.message ?? message} (${url})`);
  return new ScrapeFailure('network', `${code ?? e.name ?? 'error'}: ${message} (${url})`);
}
