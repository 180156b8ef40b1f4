import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { TargetsView } from '@periskop/wire/api';
import { Observable } from 'rxjs';
import { apiPath } from '../shared/http/api-url';
import { Fetched, conditionalGet } from '../shared/http/conditional-get';

/** `GET /api/targets`: every service's discovered targets with labels and scrape health. */
@Injectable({ providedIn: 'root' })
export class TargetsApi {
  private readonly http = inject(HttpClient);

  list(etag: string | null = null): Observable<Fetched<TargetsView>> {
    return conditionalGet<TargetsView>(this.http, apiPath('targets'), new HttpParams(), etag);
  }
}
