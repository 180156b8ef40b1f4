import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ErrorPage } from '@periskop/wire/api';
import { Observable, map } from 'rxjs';
import { apiPath } from '../shared/http/api-url';
import { Fetched, conditionalGet } from '../shared/http/conditional-get';
import { ErrorQuery } from './error-query';

/**
 * One service's error list, a page of summaries at a time (never the whole list: a service
 * may hold tens of thousands of keys), and resolving a key.
 */
@Injectable({ providedIn: 'root' })
export class ErrorsApi {
  private readonly http = inject(HttpClient);

  page(query: ErrorQuery, etag: string | null = null): Observable<Fetched<ErrorPage>> {
    let params = new HttpParams()
      .set('sort', query.sort)
      .set('order', query.order)
      .set('status', query.status)
      .set('offset', query.page * query.size)
      .set('limit', query.size)
      .set('trend', 1);
    if (query.severity) {
      params = params.set('severity', query.severity);
    }
    if (query.q.trim()) {
      params = params.set('q', query.q.trim());
    }
    for (const label of query.labels) {
      params = params.append('label', label);
    }
    return conditionalGet<ErrorPage>(this.http, apiPath('services', query.service, 'errors'), params, etag);
  }

  /**
   * Periskop's own resolve endpoint. The key is sent percent-encoded as one path segment (the
   * original UI sent it raw, which breaks on `?`, `#` and `%`); the server decodes it once.
   */
  resolve(service: string, key: string): Observable<void> {
    const url = `services/${encodeURIComponent(service)}/errors/${encodeURIComponent(key)}/`;
    return this.http.delete(url, { observe: 'response', responseType: 'text' }).pipe(map(() => undefined));
  }
}
