import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { ServiceNotificationsView } from '@periskop/wire/api';
import { Observable } from 'rxjs';
import { apiPath } from '../shared/http/api-url';

/** `GET /api/services/:service/notifications`: where the service's notifications go, and the last deliveries. */
@Injectable({ providedIn: 'root' })
export class ServiceNotificationsApi {
  private readonly http = inject(HttpClient);

  get(service: string): Observable<ServiceNotificationsView> {
    return this.http.get<ServiceNotificationsView>(apiPath('services', service, 'notifications'));
  }
}
