import type { NotificationJob } from '../notification.types';
import { isoOf } from './event-wording';

/**
 * The generic webhook's JSON body (documented in the README, "Notifications"); `version` changes
 * only when a field changes meaning or goes away.
 */
export interface WebhookMessage {
  version: '1';
  event: NotificationJob['event'];
  service: string;
  aggregation_key: string;
  severity: string;
  /** Class and message of the newest occurrence when the event happened. */
  error: { class: string; message: string } | null;
  total_count: number | null;
  /** Occurrences added by the scrape that raised the event. */
  delta: number;
  first_seen: string | null;
  last_seen: string | null;
  occurred_at: string;
  url: string;
  spike: { window_seconds: number; window_count: number; expected_count: number } | null;
  receiver: string;
}

export function webhookMessage(job: NotificationJob, link: string): WebhookMessage {
  const error = job.error;
  return {
    version: '1',
    event: job.event,
    service: job.service,
    aggregation_key: job.key,
    severity: job.severity,
    error: error ? { class: error.errorClass, message: error.message } : null,
    total_count: error?.totalCount ?? null,
    delta: job.delta,
    first_seen: isoOf(error?.firstSeenMs),
    last_seen: isoOf(error?.lastSeenMs),
    occurred_at: new Date(job.occurredAtMs).toISOString(),
    url: link,
    spike: job.spike ? { window_seconds: job.spike.windowMs / 1000, window_count: job.spike.windowCount, expected_count: job.spike.expectedCount } : null,
    receiver: job.receiver,
  };
}
