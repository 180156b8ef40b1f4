import { Queue } from 'bullmq';
import type { RedisClient } from '@periskop/store';
import { attemptsFor, BACKOFF_TYPE, NOTIFY_PREFIX, NOTIFY_QUEUE, NotifyTiming } from './notify.constants';
import type { NotificationJob } from './notification.types';

/** Done jobs are kept a day (BullMQ counts seconds), so a job id seen again within it adds nothing. */
const KEEP_DONE = { age: 24 * 3600, count: 10_000 };

/** The only place that produces notification jobs (BullMQ stays behind this class). */
export class NotificationQueue {
  readonly queue: Queue<NotificationJob>;

  constructor(connection: RedisClient, timing: NotifyTiming, name = NOTIFY_QUEUE) {
    this.queue = new Queue<NotificationJob>(name, {
      connection,
      prefix: NOTIFY_PREFIX,
      defaultJobOptions: {
        attempts: attemptsFor(timing),
        backoff: { type: BACKOFF_TYPE, delay: timing.backoffDelayMs },
        removeOnComplete: KEEP_DONE,
        removeOnFail: KEEP_DONE,
      },
    });
  }

  /** Adds a job under its deterministic id; an id already present (waiting, retrying or done today) is left alone. */
  async add(job: NotificationJob, jobId: string): Promise<void> {
    await this.queue.add(job.event, job, { jobId });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
