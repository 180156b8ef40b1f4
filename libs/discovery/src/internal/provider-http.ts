import type { HttpClientConfig } from './http-client-config';
import { httpGet, HttpGetOptions, redactUrl } from './http-request';

/** What a provider API call needs besides its URL. */
export type ProviderRequest = Omit<HttpGetOptions, 'timeoutMs'> & { timeoutMs: number; client?: HttpClientConfig };

/**
 * GET (or POST) a provider API and parse its JSON answer. A status outside 2xx is an error
 * naming the status and the start of the body (never the URL's credentials).
 */
export async function providerJson<T>(url: string, request: ProviderRequest, what: string): Promise<{ json: T; headers: Record<string, string | string[] | undefined> }> {
  const res = await httpGet(url, { ...request, headers: { Accept: 'application/json', 'User-Agent': 'Periskop', ...request.headers } });
  if (res.status < 200 || res.status > 299) throw new Error(`${what}: ${redactUrl(url)} answered HTTP ${res.status} ${res.body.slice(0, 200)}`.trim());
  try {
    return { json: JSON.parse(res.body) as T, headers: res.headers };
  } catch (err) {
    throw new Error(`${what}: invalid JSON from ${redactUrl(url)}: ${(err as Error).message}`);
  }
}

/** Go's net.JoinHostPort: IPv6 literals get brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's strconv.FormatBool. */
export function bool(value: boolean | undefined): string {
  return value ? 'true' : 'false';
}

/**
 * The whole-request bound for one provider call. Prometheus uses the refresh interval; a floor
 * of 10 s keeps a very short interval from failing every request on a busy machine.
 */
export function providerTimeoutMs(refreshIntervalMs: number): number {
  return Math.max(refreshIntervalMs, 10_000);
}
