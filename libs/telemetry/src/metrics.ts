import { Counter, Gauge, Histogram, collectDefaultMetrics, Registry } from 'prom-client';
import { DEFAULT_METRICS_LOOP_PRECISION_MS, registerEventLoopDelay } from './event-loop-delay';

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

  readonly unchangedScrapes = new Counter({
    name: 'periskop_unchanged_scrapes_total',
    help: 'Scrapes whose body was the one last merged for the target: the target was refreshed without parsing or merging.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  readonly refusedParts = new Counter({
    name: 'periskop_refused_parts_total',
    help: 'Aggregates or occurrences refused as malformed.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  readonly mergeFailures = new Counter({
    name: 'periskop_merge_failures_total',
    help: 'Fetched payloads whose merge failed (Redis error, script error, anything after the fetch); retried at the next cycle.',
    labelNames: ['service_name', 'reason'],
    registers: [this.registry],
  });

  readonly keysRefused = new Counter({
    name: 'periskop_keys_refused_total',
    help: 'New aggregation keys refused because the service reached max_keys_per_service.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  readonly jobsEnqueued = new Counter({
    name: 'periskop_scrape_jobs_enqueued_total',
    help: 'Scrape jobs the scheduler enqueued, per service.',
    labelNames: ['service_name'],
    registers: [this.registry],
  });

  readonly mergeDuration = new Histogram({
    name: 'periskop_merge_duration_seconds',
    help: 'Time of the atomic merge of one scraped payload into Redis.',
    labelNames: ['service_name'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly queueWait = new Histogram({
    name: 'periskop_scrape_queue_wait_seconds',
    help: 'Time a scrape job waited in the queue, from enqueue to a worker taking it.',
    labelNames: ['service_name'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly budgetWait = new Histogram({
    name: 'periskop_scrape_budget_wait_seconds',
    help: "Time a fetched body waited for room in the scraper's bytes in flight (SCRAPER_MAX_BYTES_IN_FLIGHT) before being parsed and merged.",
    labelNames: ['service_name'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Read from the scraper's budget when scraped: see `reportBudget`. */
  readonly budgetBytes = new Gauge({
    name: 'periskop_scrape_budget_bytes',
    help: 'Bytes of fetched bodies in this scraper: being parsed and merged (held, within SCRAPER_MAX_BYTES_IN_FLIGHT) or waiting for room (waiting).',
    labelNames: ['state'],
    registers: [this.registry],
    collect: () => {
      const state = this.budgetState?.();
      if (!state) return;
      this.budgetBytes.set({ state: 'held' }, state.held);
      this.budgetBytes.set({ state: 'waiting' }, state.waiting);
    },
  });

  /** Read from BullMQ when scraped, by the apps that hold the queue (scheduler, API): see `reportQueue`. */
  readonly queueJobs = new Gauge({
    name: 'periskop_scrape_queue_jobs',
    help: 'Scrape jobs in the queue by state (waiting, prioritized, active, delayed, failed); the same in every replica.',
    labelNames: ['state'],
    registers: [this.registry],
    collect: async () => {
      if (!this.queueCounts) return;
      const counts = await this.queueCounts().catch(() => null); // Redis down: the series go stale, /metrics still answers
      if (counts) for (const [state, n] of Object.entries(counts)) this.queueJobs.set({ state }, n);
    },
  });

  /** 1 while the app's readiness probe of a dependency passes (`/-/ready`), 0 while it fails. */
  readonly dependencyUp = new Gauge({
    name: 'periskop_dependency_up',
    help: 'Whether a dependency (redis) answers this app, as /-/ready checks it.',
    labelNames: ['dependency'],
    registers: [this.registry],
  });

  private queueCounts?: () => Promise<Record<string, number>>;
  private budgetState?: () => { held: number; waiting: number };

  /** Text appended to `/metrics` after the registry's (series rendered from shared state). */
  readonly extraExpositions: Array<() => Promise<string>> = [];

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    // Node's process metrics; the event loop is sampled every 100 ms instead of prom-client's 10 ms (event-loop-delay.ts).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: DEFAULT_METRICS_LOOP_PRECISION_MS });
    registerEventLoopDelay(this.registry);
  }

  /** The app holds the scrape queue: export its job counts on every scrape of /metrics. */
  reportQueue(counts: () => Promise<Record<string, number>>): void {
    this.queueCounts = counts;
  }

  /** The app parses and merges scraped bodies within a byte budget: export what it holds and what waits. */
  reportBudget(state: () => { held: number; waiting: number }): void {
    this.budgetState = state;
  }
}

/** The registry's exposition followed by the extra ones (each ends with a newline). */
export async function renderMetrics(metrics: PeriskopMetrics): Promise<string> {
  const parts = await Promise.all([metrics.registry.metrics(), ...metrics.extraExpositions.map((render) => render())]);
  return parts.map((p) => (p.endsWith('\n') || p === '' ? p : `${p}\n`)).join('');
}
