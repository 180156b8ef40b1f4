import { Inject, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { SCRAPE_QUEUE, ScrapeJob } from '@periskop/queue';
import { ScrapeTarget } from './scrape-target';
import { SCRAPER_SETTINGS, ScraperSettings } from './scraper.settings';

/**
 * The BullMQ worker. Stateless: any replica takes any job. A replica killed mid-job leaves
 * the job stalled; BullMQ hands it to another worker, whose merge is idempotent.
 */
@Processor(SCRAPE_QUEUE, { autorun: false })
export class ScrapeProcessor extends WorkerHost implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ScrapeProcessor.name);

  constructor(
    private readonly scrapeTarget: ScrapeTarget,
    @Inject(SCRAPER_SETTINGS) private readonly settings: ScraperSettings,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.settings.concurrency;
    this.worker.on('failed', (job, err) => this.logger.error(`job ${job?.id} (${job?.data.url}) failed: ${err.message}`));
    void this.worker.run();
    this.logger.log(`scraping with concurrency ${this.settings.concurrency}`);
  }

  async process(job: Job<ScrapeJob>): Promise<string> {
    const outcome = await this.scrapeTarget.run(job.data);
    return outcome.status;
  }

  /** SIGTERM: stop taking jobs and let the running ones finish (BullMQ's close waits for them). */
  async onApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
