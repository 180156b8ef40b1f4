import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ErrorDetailView, InstancesView, TrendView } from '@periskop/wire/api';
import { Observable } from 'rxjs';
import { apiPath } from '../shared/http/api-url';
import { Fetched, conditionalGet } from '../shared/http/conditional-get';

export type TrendResolution = TrendView['resolution'];

/**
 * Everything about one aggregation key. The key travels as a query parameter, not a path
 * segment, so no proxy between browser and API can mangle a `/` or `%` inside it.
 */
@Injectable({ providedIn: 'root' })
export class ErrorDetailApi {
  private readonly http = inject(HttpClient);

  detail(service: string, key: string, etag: string | null = null): Observable<Fetched<ErrorDetailView>> {
    const params = new HttpParams().set('key', key);
    return conditionalGet<ErrorDetailView>(this.http, apiPath('services', service, 'error'), params, etag);
  }

  trend(service: string, key: string, resolution: TrendResolution, etag: string | null = null): Observable<Fetched<TrendView>> {
    const params = new HttpParams().set('key', key).set('resolution', resolution);
    return conditionalGet<TrendView>(this.http, apiPath('services', service, 'trend'), params, etag);
  }

  instances(service: string, key: string, etag: string | null = null): Observable<Fetched<InstancesView>> {
    const params = new HttpParams().set('key', key);
    return conditionalGet<InstancesView>(this.http, apiPath('services', service, 'instances'), params, etag);
  }
}
