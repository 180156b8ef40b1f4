import { Injectable, Logger } from '@nestjs/common';
import type { ScrapeJob } from '@periskop/queue';
import { AggregateWriter, healthOfMergedScrape, MergeResult } from '@periskop/store';
import { NotificationPublisher } from '@periskop/notify';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import { normalizePayloadChunks, NormalizedPayload, PayloadError } from '@periskop/wire';
import { bodyDigest } from './body-digest';
import { ByteBudget } from './byte-budget';
import { ScrapeFailure } from './fetch/scrape-failure';
import { TargetFetcher } from './fetch/target-fetcher';
import { MergeFailure } from './merge-failure';

export interface ScrapeOutcome {
  /** `unchanged`: the body was the one last merged for the target; it was refreshed, not parsed. */
  status: 'merged' | 'unchanged' | 'stale' | 'failed';
  merge?: MergeResult;
  failure?: ScrapeFailure;
}

/** Used for jobs queued by a scheduler that did not send aggregation.limits.max_keys_per_service. */
const DEFAULT_MAX_KEYS_PER_SERVICE = 10_000;

/**
 * One scrape: fetch → (a body unchanged since the last merge only refreshes the target) →
 * (wait for room in the byte budget) → normalize → merge. A target that fails (refused,
 * timeout, bad JSON, bad shape) is recorded with its reason and does not affect any other target. A payload that was fetched but not
 * merged (Redis or script error, anything after the fetch) marks the target down with
 * `merge_failed`, is counted, and fails the job: the next cycle scrapes it again.
 */
@Injectable()
export class ScrapeTarget {
  private readonly logger = new Logger(ScrapeTarget.name);

  constructor(
    private readonly fetcher: TargetFetcher,
    private readonly writer: AggregateWriter,
    private readonly metrics: PeriskopMetrics,
    private readonly selfErrors: SelfErrorCollector,
    private readonly notifications: NotificationPublisher,
    private readonly budget: ByteBudget,
  ) {
    metrics.reportBudget(() => ({ held: budget.held, waiting: budget.waiting }));
  }

  async run(job: ScrapeJob): Promise<ScrapeOutcome> {
    const fetchedAtMs = Date.now();
    const started = performance.now();
    let body: Buffer[];
    try {
      body = await this.fetcher.fetchChunks(job.url, job);
    } catch (err) {
      if (!(err instanceof ScrapeFailure)) throw err;
      await this.recordFailure(job, err, fetchedAtMs, performance.now() - started);
      return { status: 'failed', failure: err };
    }

    const digest = bodyDigest(job, body);
    const check = await this.refreshIfUnchanged(job, digest, started);
    if ('status' in check) return check;

    // Decoding, parsing and merging cost several times the body's size, held across the merge's
    // round trips: the budget bounds that per process, while the other jobs go on fetching.
    return this.budget.within(byteLength(body), (lease) => {
      this.metrics.budgetWait.observe({ service_name: job.service }, lease.waitedMs / 1000);
      return this.parseAndMerge(job, body, digest, check.lastTargetId, fetchedAtMs, started);
    });
  }

  /** A changed body, within the budget: normalize → merge; what the scrape records and returns. */
  private async parseAndMerge(job: ScrapeJob, body: Buffer[], digest: string, lastTargetId: string | null | undefined, fetchedAtMs: number, started: number): Promise<ScrapeOutcome> {
    let payload: NormalizedPayload;
    try {
      payload = normalizePayloadChunks(body, fetchedAtMs, job.limits);
    } catch (err) {
      if (!(err instanceof PayloadError)) return this.mergeFailed(job, err, fetchedAtMs, started);
      const failure = new ScrapeFailure(err.reason, err.message);
      await this.recordFailure(job, failure, fetchedAtMs, performance.now() - started);
      return { status: 'failed', failure };
    }

    let merge: MergeResult;
    const mergeStarted = performance.now();
    try {
      merge = await this.writer.merge({
        service: job.service,
        address: job.address,
        url: job.url,
        cycle: job.cycle,
        payload,
        health: healthOfMergedScrape(payload, fetchedAtMs, performance.now() - started),
        sampleCap: job.sampleCap,
        targetTtlMs: job.targetTtlMs,
        maxKeys: job.maxKeysPerService ?? DEFAULT_MAX_KEYS_PER_SERVICE,
        bodyDigest: digest,
        lastTargetId,
        breakdown: job.breakdown,
        breakdownCap: job.breakdownCap,
      });
    } catch (err) {
      return this.mergeFailed(job, err, fetchedAtMs, started);
    }
    this.metrics.mergeDuration.observe({ service_name: job.service }, (performance.now() - mergeStarted) / 1000);
    // New keys, regressions and growth (for spikes) go to the notification queue; it never fails the scrape.
    if (merge.deltas.length > 0) void this.notifications.publish(job.service, merge.deltas);
    this.metrics.errorsScrapped.inc({ service_name: job.service }, payload.aggregates.length);
    const refusedParts = payload.refused.length + merge.refused.length;
    if (refusedParts > 0) this.metrics.refusedParts.inc({ service_name: job.service }, refusedParts);
    const capped = merge.refused.filter((r) => r.reason === 'key_cap').length;
    if (capped > 0) this.metrics.keysRefused.inc({ service_name: job.service }, capped);
    this.metrics.scrapeDuration.observe({ service_name: job.service, outcome: merge.status }, (performance.now() - started) / 1000);
    return { status: merge.status === 'stale' ? 'stale' : 'merged', merge };
  }

  /**
   * A body identical to the target's last merged one refreshes the target without being parsed
   * (see AggregateWriter.touchUnchanged). Otherwise it must be parsed and merged: the answer then
   * carries what the target's health says of its last merge (a target never merged sends its
   * samples with the first merge call).
   */
  private async refreshIfUnchanged(job: ScrapeJob, digest: string, started: number): Promise<ScrapeOutcome | { lastTargetId?: string | null }> {
    try {
      const touch = await this.writer.touchUnchanged({
        service: job.service,
        address: job.address,
        cycle: job.cycle,
        targetTtlMs: job.targetTtlMs,
        bodyDigest: digest,
        durationMs: performance.now() - started,
      });
      if (touch.status === 'changed') return { lastTargetId: touch.lastTargetId };
      if (touch.status === 'touched') {
        this.metrics.unchangedScrapes.inc({ service_name: job.service });
        this.metrics.errorsScrapped.inc({ service_name: job.service }, touch.aggregates);
      }
      const status = touch.status === 'touched' ? 'unchanged' : 'stale';
      this.metrics.scrapeDuration.observe({ service_name: job.service, outcome: status }, (performance.now() - started) / 1000);
      return { status };
    } catch (err) {
      // The cheap path is only a shortcut: whatever stops it, the full merge decides (and reports).
      this.logger.warn(`unchanged-body check of ${job.url} (${job.service}) failed, merging in full: ${(err as Error).message}`);
      return {};
    }
  }

  /**
   * A fetched payload that could not be merged: visible on the target and in metrics, then the
   * job fails so it is never silently dropped (the next cycle scrapes it again; merges are
   * idempotent). A failure while writing that health keeps the original error.
   */
  private async mergeFailed(job: ScrapeJob, err: unknown, fetchedAtMs: number, started: number): Promise<never> {
    const failure = MergeFailure.of(err);
    const durationMs = performance.now() - started;
    this.logger.error(`merge of ${job.url} (${job.service}) failed: ${failure.message}`);
    this.metrics.mergeFailures.inc({ service_name: job.service, reason: failure.reason });
    this.metrics.scrapeDuration.observe({ service_name: job.service, outcome: 'failed' }, durationMs / 1000);
    this.selfErrors.report(failure, { key: 'merge-error', severity: 'error' });
    try {
      await this.writer.recordFailure(job.service, job.address, {
        status: 'down',
        lastScrapeMs: fetchedAtMs,
        durationMs: Math.round(durationMs),
        error: `merge_failed: ${failure.message}`,
        targetUuid: null,
        aggregates: null,
        refused: [],
      });
    } catch (healthErr) {
      this.logger.error(`recording the failed merge of ${job.url} failed too: ${(healthErr as Error).message}`);
    }
    throw failure;
  }

  private async recordFailure(job: ScrapeJob, failure: ScrapeFailure, fetchedAtMs: number, durationMs: number): Promise<void> {
    this.logger.warn(`scrape of ${job.url} (${job.service}) failed: ${failure.message}`);
    this.metrics.scrapeFailures.inc({ service_name: job.service, reason: failure.reason });
    this.metrics.scrapeDuration.observe({ service_name: job.service, outcome: 'failed' }, durationMs / 1000);
    // Periskop reports scrape failures into its own errors under this key.
    this.selfErrors.report(failure, { key: 'scrapped-url-error', severity: 'warning' });
    await this.writer.recordFailure(job.service, job.address, {
      status: 'down',
      lastScrapeMs: fetchedAtMs,
      durationMs: Math.round(durationMs),
      error: failure.message,
      targetUuid: null,
      aggregates: null,
      refused: [],
    });
  }
}

function byteLength(chunks: readonly Buffer[]): number {
  let bytes = 0;
  for (const chunk of chunks) bytes += chunk.length;
  return bytes;
}
