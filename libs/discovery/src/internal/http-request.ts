import { readFileSync } from 'node:fs';
import http, { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import { authorizationHeader, DEFAULT_HTTP_CLIENT, HttpClientConfig } from './http-client-config';

export interface HttpGetOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  client?: HttpClientConfig;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const MAX_REDIRECTS = 10;

/** GET with a whole-request timeout, credentials and TLS from `<http_config>`, and redirects. */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const res = await openGet(url, options);
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Opens a GET and resolves with the response once headers arrive; the body is left to the
 * caller (Kubernetes watches stream it). `timeoutMs` bounds the wait for headers and for idle
 * gaps in the body.
 */
export async function openGet(url: string, options: HttpGetOptions, redirects = 0): Promise<IncomingMessage> {
  const client = options.client ?? DEFAULT_HTTP_CLIENT;
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  const auth = authorizationHeader(client);
  if (auth && !headers.Authorization) headers.Authorization = auth;
  const isHttps = target.protocol === 'https:';
  const tls = isHttps
    ? {
        ca: client.tls.caFile ? readFileSync(client.tls.caFile) : undefined,
        cert: client.tls.certFile ? readFileSync(client.tls.certFile) : undefined,
        key: client.tls.keyFile ? readFileSync(client.tls.keyFile) : undefined,
        servername: client.tls.serverName ?? undefined,
        rejectUnauthorized: !client.tls.insecureSkipVerify,
      }
    : {};
  const res = await new Promise<IncomingMessage>((resolvePromise, reject) => {
    const req = (isHttps ? https : http).get(target, { headers, signal: options.signal, timeout: options.timeoutMs, agent: false, ...tls }, resolvePromise);
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out after ${options.timeoutMs}ms`)));
    req.on('error', reject);
  });
  const location = res.headers.location;
  if (client.followRedirects && location && [301, 302, 303, 307, 308].includes(res.statusCode ?? 0)) {
    res.resume();
    if (redirects >= MAX_REDIRECTS) throw new Error(`stopped after ${MAX_REDIRECTS} redirects`);
    return openGet(new URL(location, target).toString(), options, redirects + 1);
  }
  return res;
}
