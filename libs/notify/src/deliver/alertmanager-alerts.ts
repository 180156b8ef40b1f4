import { ALERT_LIFETIME_MS } from '../notify.constants';
import type { NotificationJob } from '../notification.types';
import { reasonOf, summaryOf } from './event-wording';

export const ALERT_NAME = 'PeriskopError';

/** One alert of Alertmanager's v2 API (`POST /api/v2/alerts` takes a list of them). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

/**
 * An error's event as an Alertmanager alert. Its labels identify it (Alertmanager's
 * fingerprint), so the resolve of the same key and event ends this very alert. A firing alert
 * carries an `endsAt` a day ahead (it stays firing without being re-sent); a resolve sends the
 * same labels with `endsAt` now. `resolvedAtMs`: the key was resolved after the event but before
 * this delivery (a receiver that was down), so the alert is sent already ended.
 */
export function alertmanagerAlerts(job: NotificationJob, link: string, resolvedAtMs: number | null = null): PostableAlert[] {
  const event = job.event === 'resolved' ? (job.resolves ?? 'new') : job.event;
  const ending = job.event === 'resolved' ? job.occurredAtMs : resolvedAtMs;
  const startsAt = job.event === 'resolved' ? Math.min(job.error?.lastSeenMs || job.occurredAtMs, job.occurredAtMs) : job.occurredAtMs;
  return [
    {
      labels: { alertname: ALERT_NAME, service: job.service, severity: job.severity, aggregation_key: job.key, event },
      annotations: {
        summary: summaryOf(job),
        message: job.error?.message ?? '',
        description: reasonOf({ ...job, event }),
        url: link,
      },
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(ending ?? job.occurredAtMs + ALERT_LIFETIME_MS).toISOString(),
      generatorURL: link,
    },
  ];
}
