/** The notification queue: its own name and its own hash-tagged prefix (one Cluster slot, as BullMQ requires). */
export const NOTIFY_QUEUE = 'notify';
export const NOTIFY_PREFIX = '{periskop-notify}';

/** A message that could not be delivered within this long after its event is dropped (and counted). */
export const MAX_MESSAGE_AGE_MS = 24 * 3_600_000;

/** A firing Alertmanager alert ends by itself after this long unless the dashboard resolves it first. */
export const ALERT_LIFETIME_MS = 24 * 3_600_000;

/** Deliveries kept per service for the dashboard. */
export const DELIVERIES_KEPT = 50;
export const DELIVERIES_TTL_MS = 30 * 24 * 3_600_000;

/** The name of the backoff strategy the worker computes (exponential, capped). */
export const BACKOFF_TYPE = 'capped-exponential';

/**
 * How deliveries are retried and bounded. A receiver that is down keeps its messages waiting as
 * delayed jobs: the wait doubles from `backoffDelayMs` up to `maxBackoffMs`, and enough attempts
 * are allowed to cover `maxMessageAgeMs`, after which a message is dropped.
 */
export interface NotifyTiming {
  backoffDelayMs: number;
  maxBackoffMs: number;
  maxMessageAgeMs: number;
  requestTimeoutMs: number;
  /** Deliveries in flight per worker (each is one HTTP request). */
  concurrency: number;
  /** A key's spike state is read at most this often per process (every scrape of every target reports its growth). */
  spikeCheckIntervalMs: number;
}

export const DEFAULT_NOTIFY_TIMING: NotifyTiming = {
  backoffDelayMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  maxMessageAgeMs: MAX_MESSAGE_AGE_MS,
  requestTimeoutMs: 10_000,
  concurrency: 4,
  spikeCheckIntervalMs: 10_000,
};

/** Attempts enough for the capped backoff to span the message's whole life. */
export function attemptsFor(timing: NotifyTiming): number {
  let attempts = 1;
  for (let waited = 0; waited < timing.maxMessageAgeMs && attempts < 10_000; attempts++) waited += backoffDelay(attempts, timing);
  return attempts;
}

export function backoffDelay(attemptsMade: number, timing: Pick<NotifyTiming, 'backoffDelayMs' | 'maxBackoffMs'>): number {
  return Math.min(timing.backoffDelayMs * 2 ** Math.min(attemptsMade - 1, 30), timing.maxBackoffMs);
}
