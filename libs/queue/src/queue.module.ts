import { DynamicModule, Inject, Module, ModuleMetadata, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { RedisClient } from '@periskop/store';
import { PeriskopMetrics } from '@periskop/telemetry';
import { QUEUE_CONNECTION, QUEUE_PREFIX, SCRAPE_JOB_OPTIONS, SCRAPE_QUEUE } from './queue.constants';
import { ScrapeJobRepository } from './scrape-job.repository';

/**
 * The scrape queue for producers (the scheduler enqueues, the API shows it) on the app's Redis
 * or Cluster. Scrapers do not use it: they run their own BullMQ Worker (apps/scraper).
 */
@Module({})
export class QueueModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @InjectQueue(SCRAPE_QUEUE) private readonly queue: Queue,
    @Inject(QUEUE_CONNECTION) private readonly connection: RedisClient,
    private readonly jobs: ScrapeJobRepository,
    @Optional() private readonly metrics?: PeriskopMetrics,
  ) {}

  /** The apps holding the queue export its depth (periskop_scrape_queue_jobs) on /metrics. */
  onModuleInit(): void {
    this.metrics?.reportQueue(() => this.jobs.counts());
  }

  /** `connection`: the module that provides `QUEUE_CONNECTION` (the platform's QueueConnectionModule). */
  static forRoot(connection: NonNullable<ModuleMetadata['imports']>[number]): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        connection,
        BullModule.forRootAsync({
          imports: [connection],
          inject: [QUEUE_CONNECTION],
          useFactory: (connection: RedisClient) => ({ connection, prefix: QUEUE_PREFIX, defaultJobOptions: SCRAPE_JOB_OPTIONS }),
        }),
        BullModule.registerQueue({ name: SCRAPE_QUEUE }),
      ],
      providers: [ScrapeJobRepository],
      exports: [ScrapeJobRepository, BullModule],
    };
  }

  /** BullMQ leaves a connection it was given open: close the queue, then quit the connection. */
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => undefined);
  }
}
