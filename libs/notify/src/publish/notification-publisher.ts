import { Logger } from '@nestjs/common';
import type { NotificationEventKind, NotificationSettings } from '@periskop/platform';
import { AggregateReader, notificationKeys, RedisClient } from '@periskop/store';
import type { ErrorSnapshot, MergeChange, NotificationJob, SpikeFacts } from '../notification.types';
import type { NotificationMetrics } from '../notification-metrics';
import type { NotificationQueue } from '../notification-queue';
import type { SpikeDetector } from '../spike/spike-detector';
import { notificationJobId, windowStart } from './notification-job-id';
import { routeFor, routesSpikes } from './routing';

/** Publications running at once per process; past it new ones are dropped (and counted) rather than queued in memory. */
const MAX_IN_FLIGHT = 1_000;
const ROUTED_EVENTS: NotificationEventKind[] = ['new', 'regression', 'spike'];

interface Candidate {
  key: string;
  severity: string;
  event: NotificationEventKind;
  delta: number;
  spike: SpikeFacts | null;
}

/**
 * The one entry point of notifications. The scraper calls `publish` after each merge, the API
 * `resolved` after a resolve. Both only enqueue (a routed event becomes one BullMQ job for its
 * receiver); delivery happens in the notification worker. Neither ever rejects: a notification
 * problem is logged and counted, and never fails a scrape or a resolve.
 */
export class NotificationPublisher {
  private readonly logger = new Logger('NotificationPublisher');
  private inFlight = 0;

  constructor(
    private readonly settings: NotificationSettings,
    private readonly queue: NotificationQueue,
    private readonly redis: RedisClient,
    private readonly reader: AggregateReader,
    private readonly spikes: SpikeDetector | null,
    private readonly metrics: NotificationMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Tells the routes of `service` about one merge's changes: `new` and `regression` events as
   * the merge marked them, and a spike when a grown key crosses its threshold. Safe to call
   * without awaiting; the promise settles once the jobs are enqueued, and never rejects.
   */
  publish(service: string, changes: ReadonlyArray<MergeChange>): Promise<void> {
    if (this.settings.routes.length === 0 || changes.length === 0) return Promise.resolve();
    return this.guarded(`publish for ${service}`, () => this.publishChanges(service, changes));
  }

  /**
   * A key was resolved in the dashboard: ends the Alertmanager alerts its events raised (each
   * routed event whose receiver is an Alertmanager gets an alert with `endsAt` now).
   */
  resolved(service: string, key: string): Promise<void> {
    if (this.settings.routes.length === 0) return Promise.resolve();
    return this.guarded(`resolve of ${service}`, () => this.publishResolved(service, key));
  }

  private async guarded(what: string, work: () => Promise<void>): Promise<void> {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.metrics.failed.inc({ receiver: '', reason: 'overload' });
      return;
    }
    this.inFlight++;
    try {
      await work();
    } catch (err) {
      this.metrics.failed.inc({ receiver: '', reason: 'enqueue' });
      this.logger.warn(`notification ${what} failed: ${(err as Error).message}`);
    } finally {
      this.inFlight--;
    }
  }

  private async publishChanges(service: string, changes: ReadonlyArray<MergeChange>): Promise<void> {
    const nowMs = this.now();
    const candidates: Candidate[] = changes.flatMap((c) => (c.event ? [{ key: c.key, severity: c.severity, event: c.event, delta: c.delta, spike: null }] : []));
    const spikes = this.spikes;
    if (spikes) {
      const grown = changes.filter((c) => c.delta > 0 && routesSpikes(this.settings, service, c.severity));
      const crossings = await Promise.all(grown.map((c) => spikes.crossing(service, c.key, nowMs)));
      grown.forEach((c, i) => {
        const spike = crossings[i];
        if (spike) candidates.push({ key: c.key, severity: c.severity, event: 'spike', delta: c.delta, spike });
      });
    }
    await Promise.all(candidates.map((c) => this.enqueue(service, c, nowMs)));
  }

  private async enqueue(service: string, candidate: Candidate, nowMs: number): Promise<void> {
    const route = routeFor(this.settings, service, candidate.severity, candidate.event);
    if (!route) return;
    // repeat_interval: the first publisher to set the flag sends; the flag's TTL is the interval.
    const gate = notificationKeys(service).repeat(candidate.event, candidate.key);
    if (route.repeatIntervalMs > 0 && (await this.redis.set(gate, String(nowMs), 'PX', route.repeatIntervalMs, 'NX')) === null) return;
    const window = candidate.event === 'spike' && this.settings.spike ? this.settings.spike.windowMs : route.repeatIntervalMs;
    const job: NotificationJob = {
      service,
      key: candidate.key,
      event: candidate.event,
      severity: candidate.severity,
      receiver: route.receiver,
      occurredAtMs: nowMs,
      delta: candidate.delta,
      error: await this.snapshot(service, candidate.key),
      spike: candidate.spike,
    };
    try {
      await this.queue.add(job, notificationJobId(service, candidate.key, candidate.event, windowStart(nowMs, window)));
    } catch (err) {
      // Not enqueued: free the window so the next growth can try again.
      if (route.repeatIntervalMs > 0) await this.redis.del(gate).catch(() => undefined);
      throw err;
    }
  }

  private async publishResolved(service: string, key: string): Promise<void> {
    const meta = await this.reader.aggregate(service, key);
    const severity = meta?.s ?? 'error';
    const nowMs = this.now();
    const error = await this.snapshot(service, key);
    const seen = new Set<string>();
    for (const event of ROUTED_EVENTS) {
      const route = routeFor(this.settings, service, severity, event);
      const receiver = route && this.settings.receivers.find((r) => r.name === route.receiver);
      if (!route || receiver?.kind !== 'alertmanager' || seen.has(`${route.receiver}\0${event}`)) continue;
      seen.add(`${route.receiver}\0${event}`);
      const job: NotificationJob = { service, key, event: 'resolved', resolves: event, severity, receiver: route.receiver, occurredAtMs: nowMs, delta: 0, error, spike: null };
      await this.queue.add(job, notificationJobId(service, key, `resolved-${event}-${route.receiver}`, nowMs));
    }
  }

  private async snapshot(service: string, key: string): Promise<ErrorSnapshot | null> {
    const meta = await this.reader.aggregate(service, key);
    return meta ? { errorClass: meta.lc, message: meta.lm, totalCount: meta.c, firstSeenMs: meta.fs, lastSeenMs: meta.ls || meta.fs } : null;
  }
}
