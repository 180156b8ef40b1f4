/**
 * The scraped wire format (representation/errors.proto as snake_case JSON) and the
 * Periskop API's JSON. Written once here, shared by the server apps and the dashboard.
 */

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface ErrorDetail {
  class: string;
  message: string;
  stacktrace: string[] | null;
  cause: ErrorDetail | null;
}

export interface HttpContext {
  request_method: string;
  request_url: string;
  request_headers: Record<string, string> | null;
  request_body: string;
}

/** One occurrence as clients send it: `timestamp` is an RFC 3339 string. */
export interface WireOccurrence {
  error: ErrorDetail;
  uuid: string;
  timestamp: string;
  severity: string;
  http_context: HttpContext | null;
}

export interface WireAggregate {
  aggregation_key: string;
  total_count: number;
  severity: string;
  created_at?: string;
  latest_errors: WireOccurrence[] | null;
}

/** What a client's `/errors` endpoint returns. */
export interface WirePayload {
  target_uuid?: string;
  aggregated_errors: WireAggregate[] | null;
}

/** One occurrence as Periskop's API returns it: `timestamp` in Unix seconds. */
export interface ApiOccurrence {
  error: ErrorDetail;
  uuid: string;
  timestamp: number;
  severity: string;
  http_context: HttpContext | null;
}

/** One element of `GET /services/:service/errors/` (Periskop's shape; extra fields are additive). */
export interface ApiAggregate {
  aggregation_key: string;
  total_count: number;
  severity: string;
  latest_errors: ApiOccurrence[];
  created_at: number;
  /** Unix seconds of the newest occurrence seen (not in the original; additive). */
  last_seen?: number;
}

/** `GET /targets/`: Periskop's shape. */
export type ApiTargets = Record<string, { endpoint: string }[]>;
