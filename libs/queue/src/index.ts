export { SCRAPE_QUEUE, QUEUE_PREFIX, SCRAPE_JOB_OPTIONS, MAX_PRIORITY } from './queue.constants';
export { ScrapeJob, scrapeJobId } from './scrape-job';
export { ScrapeJobRepository } from './scrape-job.repository';
export { QueueModule } from './queue.module';
