import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { createScrapeWorker, ScrapeJob } from '@periskop/queue';
import { RedisConnections, SCRAPER_WORKER_SETTINGS, ScraperWorkerSettings } from '@periskop/platform';
import type { RedisClient } from '@periskop/store';
import { PeriskopMetrics } from '@periskop/telemetry';
import { ScrapeTarget } from './scrape-target';

/**
 * The BullMQ worker. Stateless: any replica takes any job. A replica killed mid-job stops
 * renewing the job's lock; another replica's stalled-job check hands the job on (see
 * SCRAPER_LOCK_DURATION_MS / SCRAPER_STALLED_INTERVAL_MS) and its merge is idempotent.
 */
@Injectable()
export class ScrapeProcessor implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ScrapeProcessor.name);
  private readonly connection: RedisClient;
  readonly worker: Worker<ScrapeJob, string>;

  constructor(
    private readonly scrapeTarget: ScrapeTarget,
    private readonly metrics: PeriskopMetrics,
    @Inject(SCRAPER_WORKER_SETTINGS) private readonly settings: ScraperWorkerSettings,
    connections: RedisConnections,
  ) {
    // Its own connection: BullMQ's worker connection must retry forever, the store's fails fast.
    this.connection = connections.open('periskop-worker', { blocking: true });
    this.worker = createScrapeWorker(this.connection, (job) => this.process(job), settings);
  }

  onModuleInit(): void {
    this.worker.on('failed', (job, err) => this.logger.error(`job ${job?.id} (${job?.data.url}) failed: ${err.message}`));
    this.worker.on('stalled', (jobId) => this.logger.warn(`job ${jobId} stalled (its worker died or hung); it runs again`));
    this.worker.on('error', (err) => this.logger.error(`worker: ${err.message}`));
    this.worker.run().catch((err: Error) => this.logger.error(`worker stopped: ${err.message}`));
    const { concurrency, maxBytesInFlight, lockDurationMs, stalledIntervalMs } = this.settings;
    this.logger.log(`scraping with concurrency ${concurrency}, ${maxBytesInFlight} bytes of bodies in flight (lock ${lockDurationMs} ms, stalled check every ${stalledIntervalMs} ms)`);
  }

  async process(job: Job<ScrapeJob>): Promise<string> {
    // From enqueue (or the retry's backoff) to this worker taking it: the queue's backlog as a job sees it.
    this.metrics.queueWait.observe({ service_name: job.data.service }, Math.max(0, (job.processedOn ?? Date.now()) - job.timestamp) / 1000);
    const outcome = await this.scrapeTarget.run(job.data);
    return outcome.status;
  }

  /**
   * SIGTERM: stop taking jobs and let the running ones finish — their fetch is bounded by the
   * job's timeout — while the store's connection is still open for their merges. A job whose body
   * waits for the byte budget finishes too: every holder releases when its merge ends or fails.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.close();
    await this.connection.quit().catch(() => undefined);
  }
}
