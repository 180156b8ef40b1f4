import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, AxiosInstance } from 'axios';
import axiosRetry from 'axios-retry';
import type { FollowRedirects, TlsFileConfig } from '@periskop/config';
import { decideRedirect, isRedirectStatus } from './redirect-policy';
import { ScrapeFailure } from './scrape-failure';
import { TlsAgents } from './tls-agents';
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

/**
 * GETs a target's errors endpoint. Keep-alive sockets are reused across cycles (a fleet is
 * scraped every few seconds); the timeout and size cap keep one bad target from holding a
 * worker or its memory. Redirects are followed here, hop by hop, so `scraper.follow_redirects`
 * decides each one and a foreign host never sees the target's client certificate.
 */
export class TargetFetcher {
  private readonly client: AxiosInstance;
  private readonly httpsAgent: https.Agent;
  private readonly tlsAgents: TlsAgents;

  constructor(maxSockets: number) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.tlsAgents = new TlsAgents(maxSockets);
    this.client = axios.create({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }),
      httpsAgent: this.httpsAgent,
      responseType: 'text',
      // The body is parsed by the normalizer, which reports where it is malformed.
      transformResponse: [(data: unknown) => data],
      headers: { Accept: 'application/json', 'User-Agent': 'periskop-scraper' },
      validateStatus: () => true,
      // Every redirect comes back here and is decided by decideRedirect.
      maxRedirects: 0,
      decompress: true,
    });
    // A kept-alive socket can be closed by the target just as it is reused (its idle timeout
    // meets our next scrape); the request then fails before reaching the target. Retry that once,
    // at once: nothing was sent, so nothing is counted twice. Timeouts and answers never retry.
    axiosRetry(this.client, { retries: 1, retryDelay: () => 0, shouldResetTimeout: false, retryCondition: isStaleSocketError });
  }

  async fetch(url: string, options: FetchOptions): Promise<string> {
    // One time budget for the whole chain of hops.
    const deadline = Date.now() + options.timeoutMs;
    const signal = AbortSignal.timeout(options.timeoutMs + 1000);
    try {
      const origin = new URL(url);
      let current = origin;
      let foreignHost = false;
      for (let hops = 0; ; hops++) {
        const response = await this.client.get<string>(current.href, {
          timeout: Math.max(1, deadline - Date.now()),
          signal,
          maxContentLength: options.maxResponseBytes,
          maxBodyLength: options.maxResponseBytes,
          httpsAgent: this.httpsAgentFor(options.tls, foreignHost),
        });
        if (isRedirectStatus(response.status)) {
          const location = response.headers.location as string | undefined;
          if (!location) throw new ScrapeFailure('http_status', `HTTP ${response.status} redirect without a Location header`);
          const next = URL.canParse(location, current.href) ? new URL(location, current) : null;
          if (!next) throw new ScrapeFailure('redirect', `redirect to an invalid Location ${JSON.stringify(location.slice(0, 200))}: ${current.href}`);
          const decision = decideRedirect(options.followRedirects ?? 'same_host', origin, current, next, hops);
          if (!decision.follow) throw new ScrapeFailure('redirect', `${decision.reason}: ${current.href} → ${next.href}`);
          current = next;
          foreignHost = decision.foreignHost;
          continue;
        }
        if (response.status < 200 || response.status > 299) {
          throw new ScrapeFailure('http_status', `unexpected HTTP status ${response.status} ${response.statusText ?? ''}`.trim());
        }
        return response.data;
      }
    } catch (err) {
      throw toScrapeFailure(err, url, options);
    }
  }

  close(): void {
    this.httpsAgent.destroy();
    this.tlsAgents.destroy();
  }

  private httpsAgentFor(tls: TlsFileConfig | null | undefined, foreignHost: boolean): https.Agent {
    return tls ? this.tlsAgents.agentFor(tls, foreignHost) : this.httpsAgent;
  }
}

const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

export function isStaleSocketError(err: AxiosError): boolean {
  if (err.response) return false;
  const code = err.code ?? (err.cause as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && STALE_SOCKET_CODES.has(code)) || /socket hang up/.test(err.message);
}

function toScrapeFailure(err: unknown, url: string, limits: FetchLimits): ScrapeFailure {
  if (err instanceof ScrapeFailure) return err;
  const e = err as AxiosError;
  const code = e.code ?? (e.cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return new ScrapeFailure('refused', `connection refused: ${url}`);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new ScrapeFailure('timeout', `no complete answer within ${limits.timeoutMs} ms: ${url}`);
  }
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(e.message)) {
    return new ScrapeFailure('too_large', `response larger than ${limits.maxResponseBytes} bytes: ${url}`);
  }
  if (isTlsError(code, e.message ?? '')) return new ScrapeFailure('tls', `TLS: ${code ? `${code}: ` : ''}${e.message} (${url})`);
  return new ScrapeFailure('network', `${code ?? e.name ?? 'error'}: ${e.message} (${url})`);
}
