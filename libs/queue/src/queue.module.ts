import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/config';
import { createRedisClient } from '@periskop/store';
import { QUEUE_PREFIX, SCRAPE_JOB_OPTIONS, SCRAPE_QUEUE } from './queue.constants';
import { ScrapeJobRepository } from './scrape-job.repository';

/** BullMQ on the app's Redis (or Cluster), with the scrape queue registered. */
@Module({})
export class QueueModule {
  static forRoot(role: 'producer' | 'worker'): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [RUNTIME_SETTINGS],
          useFactory: (settings: RuntimeSettings) => ({
            // Workers block on Redis and must retry forever; producers fail fast.
            connection: createRedisClient(
              { url: settings.redisUrl, clusterNodes: settings.redisClusterNodes },
              { blocking: role === 'worker', name: `periskop-${role}` },
            ),
            prefix: QUEUE_PREFIX,
            defaultJobOptions: SCRAPE_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue({ name: SCRAPE_QUEUE }),
      ],
      providers: [ScrapeJobRepository],
      exports: [ScrapeJobRepository, BullModule],
    };
  }
}
