import { Job, Worker } from 'bullmq';
import type { RedisClient } from '@periskop/store';
import { QUEUE_PREFIX, SCRAPE_QUEUE } from './queue.constants';
import type { ScrapeJob } from './scrape-job';

/**
 * How a scraper worker holds and recovers jobs. A worker renews the lock of each running job
 * every `lockDurationMs / 2`; a worker that dies (SIGKILL, OOM, lost host) stops renewing, and
 * within `lockDurationMs + stalledIntervalMs` another worker's stalled-job check puts the job
 * back in the queue. The merge is idempotent, so the job running again never double-counts.
 */
export interface ScrapeWorkerTiming {
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Times a job may stall before it fails (the target is then scraped at its next cycle). */
  maxStalledCount: number;
}

export const DEFAULT_WORKER_TIMING: Omit<ScrapeWorkerTiming, 'concurrency'> = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalledCount: 1,
};

/**
 * The scrape queue's worker on a connection the caller owns (and quits after `close()`); the
 * connection must retry forever (`createRedisClient(…, { blocking: true })`). BullMQ opens its
 * own blocking duplicate of it. Not started: call `run()`.
 */
export function createScrapeWorker(connection: RedisClient, process: (job: Job<ScrapeJob>) => Promise<string>, timing: ScrapeWorkerTiming): Worker<ScrapeJob, string> {
  return new Worker<ScrapeJob, string>(SCRAPE_QUEUE, process, {
    connection,
    prefix: QUEUE_PREFIX,
    autorun: false,
    concurrency: timing.concurrency,
    lockDuration: timing.lockDurationMs,
    stalledInterval: timing.stalledIntervalMs,
    maxStalledCount: timing.maxStalledCount,
  });
}
