import { HttpClient, HttpErrorResponse, HttpHeaders, HttpParams } from '@angular/common/http';
import { Observable, catchError, map, of, throwError } from 'rxjs';

/** A GET answered either with a new body or with "nothing changed since that ETag". */
export type Fetched<T> = { readonly modified: true; readonly body: T; readonly etag: string | null } | { readonly modified: false };

export const NOT_MODIFIED: Fetched<never> = { modified: false };

/**
 * GET with `If-None-Match` when an ETag is known. HttpClient reports a 304 as an error
 * (it is outside 2xx), so it is turned back into a normal "not modified" answer here and
 * callers never see it as a failure.
 */
export function conditionalGet<T>(http: HttpClient, url: string, params: HttpParams, etag: string | null): Observable<Fetched<T>> {
  const headers = etag ? new HttpHeaders({ 'If-None-Match': etag }) : new HttpHeaders();
  return http.get<T>(url, { params, headers, observe: 'response' }).pipe(
    map((res): Fetched<T> => (res.status === 304 ? NOT_MODIFIED : { modified: true, body: res.body as T, etag: res.headers.get('ETag') })),
    catchError((err: unknown) => (err instanceof HttpErrorResponse && err.status === 304 ? of(NOT_MODIFIED) : throwError(() => err))),
  );
}
