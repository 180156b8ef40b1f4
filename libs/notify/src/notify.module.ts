import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit, Optional, BeforeApplicationShutdown } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { RedisConnections, RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/platform';
import { AggregateReader, REDIS_CLIENT, RedisClient } from '@periskop/store';
import { PeriskopMetrics } from '@periskop/telemetry';
import { DeliveryLog } from './deliver/delivery-log';
import { NotificationDelivery } from './deliver/notification-delivery';
import { createNotificationWorker } from './deliver/notification-worker';
import { DEFAULT_NOTIFY_TIMING, NotifyTiming } from './notify.constants';
import type { NotificationJob } from './notification.types';
import { NotificationMetrics } from './notification-metrics';
import { NotificationQueue } from './notification-queue';
import { NotificationPublisher } from './publish/notification-publisher';
import { SpikeDetector } from './spike/spike-detector';

export const NOTIFY_TIMING = Symbol('NOTIFY_TIMING');
const NOTIFY_CONNECTION = Symbol('NOTIFY_CONNECTION');

/** Runs the delivery worker in this app; closes it before the app's Redis connections go. */
@Injectable()
export class NotificationWorkerService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationWorker');
  private readonly connection: RedisClient | null = null;
  private readonly worker: Worker<NotificationJob> | null = null;

  constructor(@Inject(RUNTIME_SETTINGS) runtime: RuntimeSettings, connections: RedisConnections, @Inject(NOTIFY_TIMING) timing: NotifyTiming, @Optional() delivery: NotificationDelivery) {
    if (runtime.config.notifications.receivers.length === 0) return;
    const connection = connections.open('periskop-notify-worker', { blocking: true });
    this.connection = connection;
    this.worker = createNotificationWorker(connection, delivery, timing);
  }

  onModuleInit(): void {
    if (!this.worker) return;
    this.worker.on('error', (err) => this.logger.error(`worker: ${err.message}`));
    this.worker.run().catch((err: Error) => this.logger.error(`worker stopped: ${err.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
  }
}

/** Closes the producer queue and its connection. */
@Injectable()
class NotifyShutdown implements OnApplicationShutdown {
  constructor(
    private readonly queue: NotificationQueue,
    @Inject(NOTIFY_CONNECTION) private readonly connection: RedisClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => undefined);
  }
}

export interface NotifyModuleOptions {
  /** Deliver in this app too (the scraper does); the API only publishes. */
  worker: boolean;
  timing?: Partial<NotifyTiming>;
}

/**
 * Notifications for an app that already has AppCoreModule (settings, Redis, metrics): the
 * `NotificationPublisher` to call, the `DeliveryLog` to show, and with `worker: true` the
 * delivery worker.
 */
@Module({})
export class NotifyModule {
  static forRoot(options: NotifyModuleOptions): DynamicModule {
    const timing = { ...DEFAULT_NOTIFY_TIMING, ...options.timing };
    return {
      module: NotifyModule,
      providers: [
        { provide: NOTIFY_TIMING, useValue: timing },
        {
          provide: NOTIFY_CONNECTION,
          inject: [RedisConnections],
          // Producers fail fast: a publication that cannot reach Redis is dropped and counted, never waited on.
          useFactory: (connections: RedisConnections) => connections.open('periskop-notify'),
        },
        { provide: NotificationQueue, inject: [NOTIFY_CONNECTION], useFactory: (connection: RedisClient) => new NotificationQueue(connection, timing) },
        { provide: NotificationMetrics, inject: [PeriskopMetrics], useFactory: (metrics: PeriskopMetrics) => new NotificationMetrics(metrics.registry) },
        { provide: DeliveryLog, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new DeliveryLog(redis) },
        {
          provide: NotificationPublisher,
          inject: [RUNTIME_SETTINGS, NotificationQueue, REDIS_CLIENT, AggregateReader, NotificationMetrics],
          useFactory: (runtime: RuntimeSettings, queue: NotificationQueue, redis: RedisClient, reader: AggregateReader, metrics: NotificationMetrics) => {
            const settings = runtime.config.notifications;
            const spikes = settings.spike ? new SpikeDetector(reader, redis, settings.spike, timing.spikeCheckIntervalMs) : null;
            return new NotificationPublisher(settings, queue, redis, reader, spikes, metrics);
          },
        },
        NotifyShutdown,
        ...(options.worker
          ? [
              {
                provide: NotificationDelivery,
                inject: [RUNTIME_SETTINGS, AggregateReader, DeliveryLog, NotificationMetrics],
                useFactory: (runtime: RuntimeSettings, reader: AggregateReader, log: DeliveryLog, metrics: NotificationMetrics) =>
                  new NotificationDelivery(runtime.config.notifications, reader, log, metrics, timing),
              },
              NotificationWorkerService,
            ]
          : []),
      ],
      exports: [NotificationPublisher, DeliveryLog],
    };
  }
}
