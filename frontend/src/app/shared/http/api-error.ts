import { HttpErrorResponse } from '@angular/common/http';

export type ApiErrorKind = 'unreachable' | 'not-found' | 'server';

export interface ApiError {
  readonly kind: ApiErrorKind;
  readonly status: number;
  /** What the server said, if it said anything readable. */
  readonly detail: string;
}

/**
 * Sorts a failed request into what an on-call engineer can act on: the API is down or
 * unreachable (status 0, or a proxy's 502/503/504), the thing asked for does not exist (404),
 * or the server failed.
 */
export function toApiError(err: unknown): ApiError {
  if (!(err instanceof HttpErrorResponse)) {
    return { kind: 'server', status: -1, detail: String(err) };
  }
  const detail = serverMessage(err.error) ?? err.statusText ?? '';
  if (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504) {
    return { kind: 'unreachable', status: err.status, detail };
  }
  if (err.status === 404) {
    return { kind: 'not-found', status: 404, detail };
  }
  return { kind: 'server', status: err.status, detail };
}

function serverMessage(body: unknown): string | null {
  if (typeof body === 'string') {
    return body.trim() || null;
  }
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return null;
}
