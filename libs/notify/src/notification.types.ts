import type { NotificationEventKind } from '@periskop/platform';
import type { NotificationDeliveryView } from '@periskop/wire';

/**
 * What the scraper hands over after each merge, per key whose count grew: `new` is the first
 * sight of the key in the service, `regression` a resolved key that grew, null any other growth
 * (which may still be a spike).
 */
export interface MergeChange {
  key: string;
  delta: number;
  severity: string;
  event: 'new' | 'regression' | null;
}

/** Events a message can be about: the routed kinds, and `resolved`, which ends Alertmanager alerts. */
export type NotificationEvent = NotificationEventKind | 'resolved';

/** The error as it stood when the event happened (the message shows it as of then). */
export interface ErrorSnapshot {
  errorClass: string;
  message: string;
  totalCount: number;
  firstSeenMs: number;
  lastSeenMs: number;
}

export interface SpikeFacts {
  windowMs: number;
  /** Occurrences in the last window. */
  windowCount: number;
  /** What the previous 24 h rate predicts for one window. */
  expectedCount: number;
}

/** One message to one receiver: a BullMQ job's data. */
export interface NotificationJob {
  service: string;
  key: string;
  event: NotificationEvent;
  /** For `resolved`: the event whose alert it ends (Alertmanager identifies an alert by its labels, `event` among them). */
  resolves?: NotificationEventKind;
  severity: string;
  receiver: string;
  /** When the event was seen; a message older than a day is dropped. */
  occurredAtMs: number;
  /** Growth that carried the event (0 for resolved). */
  delta: number;
  error: ErrorSnapshot | null;
  spike: SpikeFacts | null;
}

/** One attempt's outcome, as the dashboard lists it (the wire type). */
export type DeliveryRecord = NotificationDeliveryView;
