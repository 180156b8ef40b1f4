import Redis from 'ioredis';
import type { Worker } from 'bullmq';
import { Registry } from 'prom-client';
import { parseConfigText, NotificationSettings } from '@periskop/platform';
import { AggregateReader } from '@periskop/store';
import { eventually, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { DeliveryLog } from '../src/deliver/delivery-log';
import { NotificationDelivery } from '../src/deliver/notification-delivery';
import { createNotificationWorker } from '../src/deliver/notification-worker';
import { DEFAULT_NOTIFY_TIMING, NotifyTiming } from '../src/notify.constants';
import type { NotificationJob } from '../src/notification.types';
import { NotificationMetrics } from '../src/notification-metrics';
import { NotificationQueue } from '../src/notification-queue';
import { NotificationPublisher } from '../src/publish/notification-publisher';
import { SpikeDetector } from '../src/spike/spike-detector';

/** Short waits so retries happen within a test; the logic is the production one. */
export const TEST_TIMING: NotifyTiming = { ...DEFAULT_NOTIFY_TIMING, backoffDelayMs: 100, maxBackoffMs: 400, requestTimeoutMs: 3_000, concurrency: 2, spikeCheckIntervalMs: 0 };

/**
 * One "scraper process" worth of notifications on the test redis-server: its own connections,
 * publisher, queue producer, delivery worker and metrics, on a queue no other test uses.
 */
export class NotifyInstance {
  readonly redis = new Redis(testRedisUrl());
  private readonly workerConnection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  readonly registry = new Registry();
  readonly metrics = new NotificationMetrics(this.registry);
  readonly reader = new AggregateReader(this.redis);
  readonly queue: NotificationQueue;
  readonly publisher: NotificationPublisher;
  readonly log = new DeliveryLog(this.redis);
  readonly worker: Worker<NotificationJob>;

  constructor(settings: NotificationSettings, queueName: string, now: () => number = Date.now, timing = TEST_TIMING) {
    this.queue = new NotificationQueue(this.redis, timing, queueName);
    const spikes = settings.spike ? new SpikeDetector(this.reader, this.redis, settings.spike, timing.spikeCheckIntervalMs) : null;
    this.publisher = new NotificationPublisher(settings, this.queue, this.redis, this.reader, spikes, this.metrics, now);
    const delivery = new NotificationDelivery(settings, this.reader, this.log, this.metrics, timing);
    this.worker = createNotificationWorker(this.workerConnection, delivery, timing, queueName);
    void this.worker.run();
  }

  async counter(name: 'periskop_notifications_sent_total' | 'periskop_notifications_failed_total', labels: Record<string, string>): Promise<number> {
    const metric = (await this.registry.getMetricsAsJSON()).find((m) => m.name === name);
    const values = (metric?.values ?? []) as Array<{ labels: Record<string, string>; value: number }>;
    return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((n, v) => n + v.value, 0);
  }

  /** Every job of the queue is done (completed or finally failed): nothing more will be sent. */
  async drained(): Promise<void> {
    await eventually(
      async () => {
        const counts = await this.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        return Object.values(counts).every((n) => n === 0) ? true : undefined;
      },
      30_000,
      'the notification queue to drain',
    );
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    await this.workerConnection.quit();
    await this.redis.quit();
  }
}

export function notificationSettings(yaml: string): NotificationSettings {
  return parseConfigText(`services: []\nnotifications:\n${yaml.replace(/^/gm, '  ')}`).notifications;
}

export const newQueueName = () => uniqueName('notify');
