import { Counter, Registry } from 'prom-client';

/** The notification counters, on the app's own registry (its `/metrics`). */
export class NotificationMetrics {
  readonly sent: Counter<'receiver' | 'event'>;
  /** Every failed attempt, by reason (`http_503`, `network`, `timeout`, …); `expired`: a message dropped after a day. */
  readonly failed: Counter<'receiver' | 'reason'>;

  constructor(registry: Registry) {
    this.sent = new Counter({
      name: 'periskop_notifications_sent_total',
      help: 'Notifications delivered, by receiver and event (new, regression, spike, resolved).',
      labelNames: ['receiver', 'event'],
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'periskop_notifications_failed_total',
      help: 'Notification attempts that failed or were dropped, by receiver and reason.',
      labelNames: ['receiver', 'reason'],
      registers: [registry],
    });
  }
}
