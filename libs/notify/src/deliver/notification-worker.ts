import { Worker } from 'bullmq';
import type { RedisClient } from '@periskop/store';
import { backoffDelay, NOTIFY_PREFIX, NOTIFY_QUEUE, NotifyTiming } from '../notify.constants';
import type { NotificationJob } from '../notification.types';
import type { DeliveryOutcome, NotificationDelivery } from './notification-delivery';

/**
 * The notification queue's worker on a connection the caller owns (it must retry forever:
 * `createRedisClient(…, { blocking: true })`). A retry waits `backoffDelay` — exponential,
 * capped — as a delayed job, so a receiver that is down holds no worker slot while it waits.
 * Not started: call `run()`.
 */
export function createNotificationWorker(connection: RedisClient, delivery: NotificationDelivery, timing: NotifyTiming, name = NOTIFY_QUEUE): Worker<NotificationJob, DeliveryOutcome> {
  return new Worker<NotificationJob, DeliveryOutcome>(name, (job) => delivery.deliver(job), {
    connection,
    prefix: NOTIFY_PREFIX,
    autorun: false,
    concurrency: timing.concurrency,
    settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, timing) },
  });
}
