import { createHash, randomUUID } from 'node:crypto';
import { DEFAULT_REDACTED_HEADERS, redactHeaders } from '@periskop/wire';
import type { ErrorDetail, HttpContext, WireAggregate, WireOccurrence, WirePayload } from '@periskop/wire';

const SAMPLES_PER_KEY = 10;

interface Entry {
  aggregate: WireAggregate;
  samples: WireOccurrence[];
}

/**
 * This process's own errors, pre-aggregated in memory and exported in the wire format at
 * `/errors` — Periskop instruments itself the way its users' services do, so a `periskop`
 * service in the config shows the server's own failures (scrape errors, API errors).
 */
export class SelfErrorCollector {
  private readonly targetUuid = randomUUID();
  private readonly entries = new Map<string, Entry>();

  /** @param redactedHeaders header names whose values a recorded request never keeps (the configured deny-list). */
  constructor(private readonly redactedHeaders: readonly string[] = DEFAULT_REDACTED_HEADERS) {}

  report(error: Error, options: { key?: string; severity?: 'error' | 'warning' | 'info'; httpContext?: HttpContext } = {}): void {
    const detail = toDetail(error, 0);
    const key = options.key ?? defaultKey(detail);
    const now = new Date().toISOString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { aggregate: { aggregation_key: key, total_count: 0, severity: options.severity ?? 'error', created_at: now, latest_errors: [] }, samples: [] };
      this.entries.set(key, entry);
    }
    entry.aggregate.total_count += 1;
    entry.samples.push({ error: detail, uuid: randomUUID(), timestamp: now, severity: options.severity ?? 'error', http_context: this.withoutSecrets(options.httpContext) });
    if (entry.samples.length > SAMPLES_PER_KEY) entry.samples.shift();
  }

  private withoutSecrets(context: HttpContext | undefined): HttpContext | null {
    if (!context) return null;
    return { ...context, request_headers: context.request_headers && redactHeaders(context.request_headers, this.redactedHeaders) };
  }

  export(): WirePayload {
    return {
      target_uuid: this.targetUuid,
      aggregated_errors: [...this.entries.values()].map((e) => ({ ...e.aggregate, latest_errors: [...e.samples] })),
    };
  }
}

function toDetail(error: unknown, depth: number): ErrorDetail {
  const err = error instanceof Error ? error : new Error(String(error));
  const cause = (err as Error & { cause?: unknown }).cause;
  return {
    class: err.name || err.constructor?.name || 'Error',
    message: err.message,
    stacktrace: (err.stack ?? '').split('\n').slice(1).map((line) => line.trim()),
    cause: cause !== undefined && cause !== null && depth < 5 ? toDetail(cause, depth + 1) : null,
  };
}

/** Like the official clients: the class plus a short hash of the message and top frames. */
function defaultKey(detail: ErrorDetail): string {
  const basis = `${detail.message}${(detail.stacktrace ?? []).slice(0, 4).join('')}`;
  return `${detail.class}@${createHash('sha1').update(basis).digest('hex').slice(0, 8)}`;
}
