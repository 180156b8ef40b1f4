import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ServiceSummary } from '@periskop/wire/api';
import { Observable } from 'rxjs';
import { apiPath } from '../shared/http/api-url';
import { Fetched, conditionalGet } from '../shared/http/conditional-get';

/** `GET /api/services`: every configured service with its unresolved counts and target health. */
@Injectable({ providedIn: 'root' })
export class ServicesApi {
  private readonly http = inject(HttpClient);

  list(etag: string | null = null): Observable<Fetched<ServiceSummary[]>> {
    return conditionalGet<ServiceSummary[]>(this.http, apiPath('services'), new HttpParams(), etag);
  }
}
