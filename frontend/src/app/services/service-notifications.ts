import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { catchError, of, switchMap } from 'rxjs';
import { ServiceNotificationsView } from '@periskop/wire/api';
import { TimeAgo } from '../shared/time/time-ago';
import { ServiceNotificationsApi } from './service-notifications-api';

/**
 * A service's notification routes and its last deliveries, under its error list. Shown only when
 * a route sends something about the service; read once per visit (deliveries are rare).
 */
@Component({
  selector: 'app-service-notifications',
  imports: [TimeAgo],
  templateUrl: './service-notifications.html',
  styleUrl: './service-notifications.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServiceNotifications {
  readonly service = input.required<string>();
  private readonly api = inject(ServiceNotificationsApi);

  protected readonly view = toSignal(toObservable(this.service).pipe(switchMap((s) => this.api.get(s).pipe(catchError(() => of<ServiceNotificationsView | null>(null))))), { initialValue: null });
}
