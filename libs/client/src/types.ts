/**
 * Periskop's wire format (representation/errors.proto as snake_case JSON), the shape every
 * official client exports and the Periskop server scrapes. Kept here, not imported, so the
 * package has no dependencies.
 */

export type Severity = 'info' | 'warning' | 'error';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

export interface ErrorInstance {
  class: string;
  message: string;
  stacktrace: string[] | null;
  cause: ErrorInstance | null;
}

export interface HttpContext {
  request_method: string;
  request_url: string;
  request_headers: Record<string, string> | null;
  request_body: string | null;
}

export interface ErrorWithContext {
  error: ErrorInstance;
  uuid: string;
  /** RFC 3339, UTC, as Go renders a time.Time. */
  timestamp: string;
  severity: Severity;
  http_context: HttpContext | null;
}

export interface AggregatedError {
  aggregation_key: string;
  total_count: number;
  severity: Severity;
  /** Oldest first, at most the collector's sample size (10). */
  latest_errors: ErrorWithContext[];
  created_at: string;
}

export interface Payload {
  target_uuid: string;
  aggregated_errors: AggregatedError[];
}
