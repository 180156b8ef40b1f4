import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, AxiosInstance } from 'axios';
import axiosRetry from 'axios-retry';
import { ScrapeFailure } from './scrape-failure';

export interface FetchLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * GETs a target's errors endpoint. Keep-alive sockets are reused across cycles (a fleet is
 * scraped every few seconds); the timeout and size cap keep one bad target from holding a
 * worker or its memory.
 */
export class TargetFetcher {
  private readonly client: AxiosInstance;

  constructor(maxSockets: number) {
    this.client = axios.create({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets }),
      responseType: 'text',
      // The body is parsed by the normalizer, which reports where it is malformed.
      transformResponse: [(data: unknown) => data],
      headers: { Accept: 'application/json', 'User-Agent': 'periskop-scraper' },
      validateStatus: () => true,
      maxRedirects: 3,
      decompress: true,
    });
    // A kept-alive socket can be closed by the target just as it is reused (its idle timeout
    // meets our next scrape); the request then fails before reaching the target. Retry that once,
    // at once: nothing was sent, so nothing is counted twice. Timeouts and answers never retry.
    axiosRetry(this.client, { retries: 1, retryDelay: () => 0, shouldResetTimeout: false, retryCondition: isStaleSocketError });
  }

  async fetch(url: string, limits: FetchLimits): Promise<string> {
    try {
      const response = await this.client.get<string>(url, {
        timeout: limits.timeoutMs,
        signal: AbortSignal.timeout(limits.timeoutMs + 1000),
        maxContentLength: limits.maxResponseBytes,
        maxBodyLength: limits.maxResponseBytes,
      });
      if (response.status < 200 || response.status > 299) {
        throw new ScrapeFailure('http_status', `unexpected HTTP status ${response.status} ${response.statusText ?? ''}`.trim());
      }
      return response.data;
    } catch (err) {
      throw toScrapeFailure(err, url, limits);
    }
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
  return new ScrapeFailure('network', `${code ?? e.name ?? 'error'}: ${e.message} (${url})`);
}
