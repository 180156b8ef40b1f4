import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_SETTINGS, RuntimeSettings, ServiceConfig } from '@periskop/config';
import { ScrapeJob, ScrapeJobRepository } from '@periskop/queue';
import { AggregateWriter, CycleClaims, recordDiscoveredTargets, REDIS_CLIENT, RedisClient, StoredTarget } from '@periskop/store';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import { CycleTimer } from './cycle-timer';
import { TargetDiscoveryService } from './target-discovery.service';

/**
 * Every `refresh_interval`, per service: claim the cycle (one scheduler replica wins), record
 * the discovered targets for `/targets/`, and enqueue one scrape job per target.
 */
@Injectable()
export class CycleService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(CycleService.name);
  private readonly timers: CycleTimer[] = [];
  private readonly claims: CycleClaims;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly discovery: TargetDiscoveryService,
    private readonly jobs: ScrapeJobRepository,
    private readonly writer: AggregateWriter,
    private readonly metrics: PeriskopMetrics,
    private readonly selfErrors: SelfErrorCollector,
  ) {
    this.claims = new CycleClaims(redis, `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.writer.registerServices(this.settings.config.services.map((s) => s.name));
    for (const service of this.settings.config.services) {
      const timer = new CycleTimer(service.scraper.refreshIntervalMs, (cycle) => this.runCycle(service, cycle));
      this.timers.push(timer);
      timer.start();
    }
  }

  /** SIGTERM: no new cycles; a cycle being enqueued finishes while Redis is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) timer.stop();
    await Promise.all(this.inFlight);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) timer.stop();
  }

  runCycle(service: ServiceConfig, cycle: number): Promise<void> {
    const run = this.claimAndEnqueue(service, cycle).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  /**
   * A replica that dies between its claim and its enqueue loses that one cycle of the service:
   * its targets are scraped at the next boundary by whichever replica claims it. Counts are
   * cumulative counters, so a skipped cycle delays occurrences but loses none.
   */
  private async claimAndEnqueue(service: ServiceConfig, cycle: number): Promise<void> {
    try {
      if (!(await this.claims.claim(service.name, cycle, service.scraper.refreshIntervalMs))) return;
      const targets = this.discovery.targets(service.name);
      await recordDiscoveredTargets(this.redis, service.name, targets.map(toStoredTarget(service)));
      this.metrics.instancesScrapped.set({ service_name: service.name }, targets.length);
      const aggregation = this.settings.config.aggregation;
      const jobs: ScrapeJob[] = targets.map((target) => ({
        service: service.name,
        address: target.address,
        url: target.url,
        cycle,
        timeoutMs: Math.min(service.scraper.timeoutMs, service.scraper.refreshIntervalMs || service.scraper.timeoutMs),
        maxResponseBytes: service.scraper.maxResponseBytes,
        sampleCap: aggregation.samplesPerKey,
        targetTtlMs: aggregation.targetExpiryCycles * Math.max(service.scraper.refreshIntervalMs, 1000),
        limits: aggregation.limits,
      }));
      const added = await this.jobs.enqueueCycle(jobs);
      this.metrics.jobsEnqueued.inc({ service_name: service.name }, added);
      this.logger.debug(`${service.name}: cycle ${cycle}, ${targets.length} targets`);
    } catch (err) {
      // A failed cycle (Redis away) is retried at the next boundary; the error is visible in /errors.
      this.logger.error(`${service.name}: cycle ${cycle} failed: ${(err as Error).message}`);
      this.selfErrors.report(err as Error, { key: `schedule-error@${service.name}` });
    }
  }
}

function toStoredTarget(service: ServiceConfig) {
  return (t: { address: string; metricsPath: string; query: string; url: string; labels: Record<string, string>; discoveredLabels: Record<string, string> }): StoredTarget => {
    // The target carries its parts; the stored endpoint is address + path (+ query), as before.
    const path = `${t.metricsPath}${t.query ? `?${t.query}` : ''}` || service.scraper.endpoint;
    return { address: t.address, endpoint: `${t.address}${path}`, url: t.url, labels: t.labels, discoveredLabels: t.discoveredLabels };
  };
}
