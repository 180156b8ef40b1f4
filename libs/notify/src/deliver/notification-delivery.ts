import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type { NotificationSettings } from '@periskop/platform';
import type { AggregateReader } from '@periskop/store';
import type { NotifyTiming } from '../notify.constants';
import type { DeliveryRecord, NotificationJob } from '../notification.types';
import type { NotificationMetrics } from '../notification-metrics';
import { receiverNamed } from '../publish/routing';
import { errorDeepLink } from './deep-link';
import type { DeliveryLog } from './delivery-log';
import { DeliveryFailure, receiverRequest, send } from './receiver-request';

export type DeliveryOutcome = 'sent' | 'dropped';

/**
 * Delivers one notification job: builds the receiver's payload, POSTs it, counts and records the
 * outcome. A failed attempt throws, so BullMQ retries it with the capped exponential backoff;
 * a message older than `maxMessageAgeMs` is dropped (counted as `expired`) instead.
 */
export class NotificationDelivery {
  private readonly logger = new Logger('NotificationDelivery');

  constructor(
    private readonly settings: NotificationSettings,
    private readonly reader: AggregateReader,
    private readonly log: DeliveryLog,
    private readonly metrics: NotificationMetrics,
    private readonly timing: NotifyTiming,
    private readonly now: () => number = Date.now,
  ) {}

  async deliver(job: Job<NotificationJob>): Promise<DeliveryOutcome> {
    const data = job.data;
    const attempt = job.attemptsMade + 1;
    const record = (outcome: DeliveryRecord['outcome'], error?: string) =>
      this.log
        .record(data.service, { at: Math.floor(this.now() / 1000), receiver: data.receiver, event: data.event, aggregation_key: data.key, outcome, attempt, ...(error ? { error } : {}) })
        .catch((err: Error) => this.logger.warn(`delivery log of ${data.service}: ${err.message}`));

    if (this.now() - data.occurredAtMs > this.timing.maxMessageAgeMs) {
      this.metrics.failed.inc({ receiver: data.receiver, reason: 'expired' });
      await record('dropped', 'older than the maximum message age');
      return 'dropped';
    }
    const receiver = receiverNamed(this.settings, data.receiver);
    if (!receiver) {
      // The configuration changed since the job was enqueued.
      this.metrics.failed.inc({ receiver: data.receiver, reason: 'unknown_receiver' });
      await record('dropped', 'receiver no longer configured');
      return 'dropped';
    }
    try {
      const link = errorDeepLink(this.settings.externalUrl, data.service, data.key);
      const request = await receiverRequest(receiver, data, link, receiver.kind === 'alertmanager' ? await this.resolvedSince(data) : null);
      await send(request, this.timing.requestTimeoutMs);
    } catch (err) {
      const failure = err instanceof DeliveryFailure ? err : new DeliveryFailure('error', (err as Error).message);
      this.metrics.failed.inc({ receiver: data.receiver, reason: failure.reason });
      await record('failed', failure.message);
      this.logger.warn(`${data.event} of ${data.service}/${data.key} to ${data.receiver} (attempt ${attempt}): ${failure.message}`);
      throw failure.permanent ? new UnrecoverableError(failure.message) : failure;
    }
    this.metrics.sent.inc({ receiver: data.receiver, event: data.event });
    await record('sent');
    return 'sent';
  }

  /** A firing alert delivered late must not outlive a resolve that happened meanwhile. */
  private async resolvedSince(data: NotificationJob): Promise<number | null> {
    if (data.event === 'resolved') return null;
    const meta = await this.reader.aggregate(data.service, data.key);
    return meta && meta.r > data.occurredAtMs ? meta.r : null;
  }
}
