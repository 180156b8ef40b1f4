import type { DefaultJobOptions } from 'bullmq';

export const SCRAPE_QUEUE = 'scrape';

/**
 * BullMQ key prefix. The braces are a Redis Cluster hash tag: all of the queue's keys share one
 * slot, which BullMQ's own Lua scripts require.
 */
export const QUEUE_PREFIX = '{periskop-bull}';

/**
 * A failed scrape of a target is recorded and the job completes (the original retries nothing
 * either); only infrastructure failures (Redis) throw, and those are retried. Jobs are removed
 * when done so a target's deterministic job id is free for its next cycle.
 */
export const SCRAPE_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: true,
};

/** BullMQ's largest priority; fairness ranks beyond it share it. */
export const MAX_PRIORITY = 2_097_151;

/** The producers' Redis connection (single node or Cluster), provided by the app's platform. */
export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');
