import { Injectable, Logger } from '@nestjs/common';
import type { ScrapeJob } from '@periskop/queue';
import { AggregateWriter, healthOfMergedScrape, MergeResult } from '@periskop/store';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import { normalizePayload, PayloadError } from '@periskop/wire';
import { ScrapeFailure } from './fetch/scrape-failure';
import { TargetFetcher } from './fetch/target-fetcher';

export interface ScrapeOutcome {
  status: 'merged' | 'stale' | 'failed';
  merge?: MergeResult;
  failure?: ScrapeFailure;
}

/**
 * One scrape: fetch → normalize → one atomic merge. A target that fails (refused, timeout,
 * bad JSON, bad shape) is recorded with its reason and does not affect any other target.
 */
@Injectable()
export class ScrapeTarget {
  private readonly logger = new Logger(ScrapeTarget.name);

  constructor(
    private readonly fetcher: TargetFetcher,
    private readonly writer: AggregateWriter,
    private readonly metrics: PeriskopMetrics,
    private readonly selfErrors: SelfErrorCollector,
  ) {}

  async run(job: ScrapeJob): Promise<ScrapeOutcome> {
    const fetchedAtMs = Date.now();
    const started = performance.now();
    let body: string;
    let payload;
    try {
      body = await this.fetcher.fetch(job.url, job);
      payload = normalizePayload(body, fetchedAtMs, job.limits);
    } catch (err) {
      const failure = err instanceof ScrapeFailure ? err : err instanceof PayloadError ? new ScrapeFailure(shapeReason(err), err.message) : null;
      if (!failure) throw err;
      await this.recordFailure(job, failure, fetchedAtMs, performance.now() - started);
      return { status: 'failed', failure };
    }

    const targetId = payload.targetUuid ?? job.url;
    const health = healthOfMergedScrape(payload, fetchedAtMs, performance.now() - started);
    // Infrastructure errors (Redis) propagate: the job fails and BullMQ retries it; the merge is idempotent.
    const merge = await this.writer.merge({
      service: job.service,
      targetId,
      address: job.address,
      fetchedAtMs,
      payload,
      health,
      sampleCap: job.sampleCap,
      targetTtlMs: job.targetTtlMs,
    });
    this.metrics.errorsScrapped.inc({ service_name: job.service }, payload.aggregates.length);
    if (payload.refused.length > 0) this.metrics.refusedParts.inc({ service_name: job.service }, payload.refused.length);
    this.metrics.scrapeDuration.observe({ service_name: job.service, outcome: merge.status }, (performance.now() - started) / 1000);
    return { status: merge.status === 'stale' ? 'stale' : 'merged', merge };
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

function shapeReason(err: PayloadError): 'bad_json' | 'bad_shape' {
  return err.message.startsWith('body is not valid JSON') ? 'bad_json' : 'bad_shape';
}
