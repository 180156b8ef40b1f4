import type { HttpContext } from './types.js';

/** Headers whose values never leave the process: credentials and sessions. */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

export const REDACTED = '[redacted]';

/**
 * What the collector reads from a request: Node's `IncomingMessage`, an Express `req`, a
 * Fastify `request` (all have `method`, `url` and lower-cased `headers`), optionally a parsed
 * `body` and Express's `originalUrl`.
 */
export interface RequestLike {
  method?: string;
  url?: string;
  originalUrl?: string;
  headers?: Record<string, string | string[] | number | undefined>;
  body?: unknown;
}

export interface CaptureOptions {
  /** Header names (any case) redacted besides DEFAULT_REDACTED_HEADERS. */
  redactHeaders?: readonly string[];
  /** Longest body kept, in characters; longer bodies are cut (default 16 KiB). */
  maxBodyLength?: number;
  /** Set false to never capture bodies. */
  captureBody?: boolean;
}

export function isHttpContext(value: unknown): value is HttpContext {
  return typeof value === 'object' && value !== null && 'request_method' in value && 'request_url' in value;
}

/**
 * The wire's `http_context` from a request or a ready context, with credentials redacted:
 * `Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie` and the configured names keep
 * their name (so it is visible that one was sent) but their value becomes `[redacted]`.
 */
export function captureHttpContext(source: RequestLike | HttpContext, options: CaptureOptions = {}): HttpContext {
  const redacted = new Set([...DEFAULT_REDACTED_HEADERS, ...(options.redactHeaders ?? [])].map((h) => h.toLowerCase()));
  if (isHttpContext(source)) {
    return { ...source, request_headers: source.request_headers ? redact(source.request_headers, redacted) : null, request_body: source.request_body ?? null };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return {
    request_method: source.method ?? '',
    request_url: source.originalUrl ?? source.url ?? '',
    request_headers: redact(headers, redacted),
    request_body: options.captureBody === false ? null : bodyText(source.body, options.maxBodyLength ?? 16 * 1024),
  };
}

function redact(headers: Record<string, string>, names: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = names.has(name.toLowerCase()) ? REDACTED : value;
  return out;
}

function bodyText(body: unknown, maxLength: number): string | null {
  if (body === undefined || body === null) return null;
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = new TextDecoder().decode(body);
  else {
    try {
      text = JSON.stringify(body) ?? String(body);
    } catch {
      text = String(body);
    }
  }
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}
