import { Counter, Histogram, collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Metric names are Periskop's (`periskop_*`), so existing dashboards and alert rules
 * (`periskop_error_occurrences{severity="error"} > 1000`) keep working; each app exposes the
 * ones it produces on its own `/metrics`. `periskop_error_occurrences` and
 * `periskop_instances_scrapped` describe the shared state, not one replica's work: the API
 * renders them from Redis (apps/api/src/metrics/shared-state-metrics.ts).
 */
export class PeriskopMetrics {
  readonly registry = new Registry();

  readonly errorsScrapped = new Counter({
    name: 'periskop_errors_scrapped_total',
    help: 'Aggregates merged from scraped targets, per service.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  readonly applicationErrors = new Counter({
    name: 'periskop_application_errors_total',
    help: 'Errors of the server itself, by type.',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly scrapeDuration = new Histogram({
    name: 'periskop_scrape_duration_seconds',
    help: 'Time to fetch, parse and merge one target.',
    labelNames: ['service_name', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly scrapeFailures = new Counter({
    name: 'periskop_scrape_failures_total',
    help: 'Scrapes that produced nothing to merge, by reason.',
    labelNames: ['service_name', 'reason'],
    registers: [this.registry],
  });

  readonly refusedParts = new Counter({
    name: 'periskop_refused_parts_total',
    help: 'Aggregates or occurrences refused as malformed.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  readonly jobsEnqueued = new Counter({
    name: 'periskop_scrape_jobs_enqueued_total',
    help: 'Scrape jobs the scheduler enqueued, per service.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  /** Text appended to `/metrics` after the registry's (series rendered from shared state). */
  readonly extraExpositions: Array<() => Promise<string>> = [];

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
  }
}

/** The registry's exposition followed by the extra ones (each ends with a newline). */
export async function renderMetrics(metrics: PeriskopMetrics): Promise<string> {
  const parts = await Promise.all([metrics.registry.metrics(), ...metrics.extraExpositions.map((render) => render())]);
  return parts.map((p) => (p.endsWith('\n') || p === '' ? p : `${p}\n`)).join('');
}
