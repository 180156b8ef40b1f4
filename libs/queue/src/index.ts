export { SCRAPE_QUEUE, QUEUE_PREFIX, SCRAPE_JOB_OPTIONS, MAX_PRIORITY, QUEUE_CONNECTION } from './queue.constants';
export { ScrapeJob, scrapeJobId } from './scrape-job';
export { ScrapeJobRepository } from './scrape-job.repository';
export { QueueModule } from './queue.module';
export { createScrapeWorker, ScrapeWorkerTiming, DEFAULT_WORKER_TIMING } from './scrape-worker';
