import { readFileSync } from 'node:fs';
import http, { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import { authorizationHeader, DEFAULT_HTTP_CLIENT, HttpClientConfig } from './http-client-config';

export interface HttpGetOptions {
  headers?: Record<string, string>;
  /** Bound on the WHOLE exchange: connecting, every redirect, headers and the full body. */
  timeoutMs: number;
  signal?: AbortSignal;
  client?: HttpClientConfig;
  /** Cap on the body (default `DEFAULT_MAX_SD_RESPONSE_BYTES`); a longer body is an error. */
  maxBodyBytes?: number;
  /** `GET` unless set; a request with a body is never redirected. */
  method?: 'GET' | 'POST';
  body?: string;
  /** A unix socket to talk HTTP over (the Docker daemon's `unix:///var/run/docker.sock`). */
  socketPath?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Default cap on one SD answer. Big enough for a Kubernetes pod list of a large cluster or a
 * full EC2 page, small enough that a broken or hostile endpoint cannot exhaust the scheduler.
 */
export const DEFAULT_MAX_SD_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Headers that carry credentials. They are sent only while redirects stay on the scheme and
 * host (or a subdomain of it) the request started on — Go's client rule for Authorization,
 * extended to every credential header SD mechanisms send and to a scheme change (https → http
 * would put the secret on the wire in clear).
 */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-consul-token',
  'x-nomad-token',
  'x-auth-token',
  'x-amz-security-token',
  'x-auth-key',
  'x-ovh-consumer',
  'x-ovh-signature',
]);

const MAX_REDIRECTS = 10;

/** GET (or POST) with a total deadline, a body cap, credentials and TLS from `<http_config>`. */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const exchange = startExchange(url, options);
  try {
    const res = await openWith(url, options, exchange, 0);
    const body = await readBody(res, options.maxBodyBytes ?? DEFAULT_MAX_SD_RESPONSE_BYTES, url);
    return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body };
  } catch (err) {
    throw exchange.explain(err as Error);
  } finally {
    exchange.done();
  }
}

/**
 * Opens a GET and resolves with the response once headers arrive; the body is left to the
 * caller (Kubernetes watches stream it). `timeoutMs` bounds the whole exchange including the
 * body the caller reads; an abort then destroys the stream.
 */
export async function openGet(url: string, options: HttpGetOptions): Promise<IncomingMessage> {
  const exchange = startExchange(url, options);
  try {
    const res = await openWith(url, options, exchange, 0);
    res.once('close', () => exchange.done());
    return res;
  } catch (err) {
    exchange.done();
    throw exchange.explain(err as Error);
  }
}

/** Reads a body up to `max` bytes; a longer one is cut off and reported. */
export async function readBody(res: IncomingMessage, max: number, url: string): Promise<string> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (declared > max) {
    res.destroy();
    throw new Error(`response from ${redactUrl(url)} is ${declared} bytes, over the ${max}-byte limit for SD responses`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > max) {
      res.destroy();
      throw new Error(`response from ${redactUrl(url)} exceeds the ${max}-byte limit for SD responses`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A URL fit for logs and errors: user info (`user:password@`) removed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** True when credentials may follow a redirect from `from` to `to`. */
export function credentialsMayFollow(from: URL, to: URL): boolean {
  if (from.protocol !== to.protocol) return false;
  const a = from.hostname.toLowerCase();
  const b = to.hostname.toLowerCase();
  return b === a || b.endsWith(`.${a}`);
}

interface Exchange {
  signal: AbortSignal;
  /** Sticky: once a redirect left the origin, no later hop gets credentials back. */
  credentials: boolean;
  explain(err: Error): Error;
  done(): void;
}

function startExchange(url: string, options: HttpGetOptions): Exchange {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  timer.unref();
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  return {
    signal,
    credentials: true,
    explain: (err) => (deadline.signal.aborted && !options.signal?.aborted ? new Error(`request to ${redactUrl(url)} took longer than ${options.timeoutMs}ms`) : err),
    done: () => clearTimeout(timer),
  };
}

async function openWith(url: string, options: HttpGetOptions, exchange: Exchange, redirects: number): Promise<IncomingMessage> {
  const client = options.client ?? DEFAULT_HTTP_CLIENT;
  const target = new URL(url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (exchange.credentials || !CREDENTIAL_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const auth = exchange.credentials ? authorizationHeader(client) : null;
  if (auth && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) headers.Authorization = auth;
  // Credentials in the URL itself (`http://user:pass@host`) are basic auth; they too stay behind.
  if (!exchange.credentials) {
    target.username = '';
    target.password = '';
  }
  if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
  const isHttps = target.protocol === 'https:';
  const tls = isHttps
    ? {
        ca: client.tls.caPem ?? (client.tls.caFile ? readFileSync(client.tls.caFile) : undefined),
        cert: client.tls.certPem ?? (client.tls.certFile ? readFileSync(client.tls.certFile) : undefined),
        key: client.tls.keyPem ?? (client.tls.keyFile ? readFileSync(client.tls.keyFile) : undefined),
        servername: client.tls.serverName ?? undefined,
        rejectUnauthorized: !client.tls.insecureSkipVerify,
      }
    : {};
  const res = await new Promise<IncomingMessage>((resolvePromise, reject) => {
    const req = (isHttps ? https : http).request(target, { method: options.method ?? 'GET', headers, signal: exchange.signal, agent: false, socketPath: options.socketPath, ...tls }, resolvePromise);
    req.on('error', reject);
    req.end(options.body);
  });
  const location = res.headers.location;
  if (client.followRedirects && options.body === undefined && location && [301, 302, 303, 307, 308].includes(res.statusCode ?? 0)) {
    res.resume();
    if (redirects >= MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (!credentialsMayFollow(target, next)) exchange.credentials = false;
    return openWith(next.toString(), options, exchange, redirects + 1);
  }
  return res;
}
