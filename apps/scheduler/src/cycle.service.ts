import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigHolder, PeriskopConfig, ServiceConfig } from '@periskop/config';
import { ScrapeJob, ScrapeJobRepository } from '@periskop/queue';
import { CycleClaims, DiscoveredTargets, Retention, ServiceRegistry, StoredTarget } from '@periskop/store';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import { CycleTimer } from './cycle-timer';
import { TargetDiscoveryService } from './target-discovery.service';

/**
 * Every `refresh_interval`, per service: claim the cycle (one scheduler replica wins), mark the
 * service as configured, record the discovered targets for `/targets/`, and enqueue one scrape
 * job per target.
 */
@Injectable()
export class CycleService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(CycleService.name);
  /** One timer per configured service, by name; a reload starts and stops them. */
  private readonly timers = new Map<string, CycleTimer>();
  /** The current config of each service: a timer reads it at every tick. */
  private readonly services = new Map<string, ServiceConfig>();
  private unsubscribe: () => void = noop;
  private reloading: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly holder: ConfigHolder,
    private readonly discovery: TargetDiscoveryService,
    private readonly jobs: ScrapeJobRepository,
    private readonly claims: CycleClaims,
    private readonly discovered: DiscoveredTargets,
    private readonly registry: ServiceRegistry,
    private readonly retention: Retention,
    private readonly metrics: PeriskopMetrics,
    private readonly selfErrors: SelfErrorCollector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Listening first: a reload arriving while the first timers start is applied right after.
    this.unsubscribe = this.holder.onChange((next) => {
      this.reloading = this.reloading.then(() => this.applyReload(next)).catch((err: Error) => this.logger.error(`applying the reloaded config failed: ${err.message}`));
    });
    const services = this.holder.current.services;
    this.reloading = (async () => {
      await this.registry.register(services.map((s) => s.name));
      // Discovery started with the config of its own init; a reload since then is caught up here.
      await this.discovery.apply(services);
      this.startTimers(services);
    })();
    await this.reloading;
  }

  /** SIGTERM: no new cycles; a cycle being enqueued finishes while Redis is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.unsubscribe();
    await this.reloading;
    for (const timer of this.timers.values()) timer.stop();
    await Promise.all(this.inFlight);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.values()) timer.stop();
  }

  /**
   * A reload: removed services stop ticking at once; discovery follows the new config (new
   * targets are found before their first cycle); then new services start ticking. A kept
   * service's timer keeps running and reads its new interval, endpoint and limits at its next
   * tick, so none of its boundaries is skipped. The claim on Redis makes a boundary enqueued once
   * whatever the replicas and timers do, so a restarted timer cannot double a cycle either.
   */
  private async applyReload(next: PeriskopConfig): Promise<void> {
    const wanted = new Set(next.services.map((s) => s.name));
    for (const [name, timer] of this.timers) {
      if (wanted.has(name)) continue;
      timer.stop();
      this.timers.delete(name);
      this.services.delete(name);
      this.logger.log(`${name}: removed from the config, no more cycles`);
    }
    await this.discovery.apply(next.services);
    this.startTimers(next.services);
  }

  private startTimers(services: ServiceConfig[]): void {
    for (const service of services) {
      this.services.set(service.name, service);
      if (this.timers.has(service.name)) continue;
      const name = service.name;
      const timer = new CycleTimer(
        () => this.services.get(name)?.scraper.refreshIntervalMs ?? service.scraper.refreshIntervalMs,
        () => this.runCycle(this.services.get(name) ?? service),
        (err) => this.reportFailure(this.services.get(name) ?? service, err),
      );
      this.timers.set(name, timer);
      timer.start();
    }
  }

  /** Claims the service's current boundary and, when won, enqueues it; resolves to the ms until the next boundary. */
  runCycle(service: ServiceConfig): Promise<number> {
    const run = this.claimAndEnqueue(service);
    const settled = run.then(noop, noop);
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return run;
  }

  /**
   * A replica that dies between its claim and its enqueue loses that one cycle of the service:
   * its targets are scraped at the next boundary by whichever replica claims it. Counts are
   * cumulative counters, so a skipped cycle delays occurrences but loses none.
   */
  private async claimAndEnqueue(service: ServiceConfig): Promise<number> {
    // A failed claim (Redis away) rejects: the timer reports it and asks again shortly.
    const claim = await this.claims.claim(service.name, service.scraper.refreshIntervalMs);
    const claimedAt = performance.now();
    if (claim.claimed) {
      try {
        await this.enqueue(service, claim.cycle);
      } catch (err) {
        // The boundary is claimed: the next one retries; the error is visible in /errors.
        this.reportFailure(service, err, claim.cycle);
      }
    }
    return claim.nextInMs - (performance.now() - claimedAt);
  }

  private async enqueue(service: ServiceConfig, cycle: number): Promise<void> {
    const targets = this.discovery.targets(service.name);
    // Still configured: keeps the service in /services/ (it leaves key_retention after it is not).
    await this.registry.register([service.name]);
    await this.discovered.record(service.name, targets.map(toStoredTarget(service)));
    const aggregation = this.holder.current.aggregation;
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
      followRedirects: service.scraper.followRedirects,
      tls: service.scraper.tls,
      maxKeysPerService: aggregation.maxKeysPerService,
      ...(aggregation.breakdownLabels.length > 0 ? { breakdown: breakdownOf(target.labels, aggregation.breakdownLabels), breakdownCap: aggregation.breakdownValues } : {}),
    }));
    const added = await this.jobs.enqueueCycle(jobs);
    this.metrics.jobsEnqueued.inc({ service_name: service.name }, added);
    // The claim winner forgets silent targets and keys nobody reported within the retention.
    await this.retention.sweep(service.name, { targetTtlMs: aggregation.targetExpiryCycles * Math.max(service.scraper.refreshIntervalMs, 1000), keyRetentionMs: aggregation.keyRetentionMs });
    this.logger.debug(`${service.name}: cycle ${cycle}, ${targets.length} targets`);
  }

  private reportFailure(service: ServiceConfig, err: unknown, cycle?: number): void {
    this.logger.error(`${service.name}: cycle${cycle === undefined ? '' : ` ${cycle}`} failed: ${(err as Error).message}`);
    this.selfErrors.report(err as Error, { key: `schedule-error@${service.name}` });
  }
}

function noop(): void {}

function toStoredTarget(service: ServiceConfig) {
  return (t: { address: string; metricsPath: string; query: string; url: string; labels: Record<string, string>; discoveredLabels: Record<string, string> }): StoredTarget => {
    // The target carries its parts; the stored endpoint is address + path (+ query), as before.
    const path = `${t.metricsPath}${t.query ? `?${t.query}` : ''}` || service.scraper.endpoint;
    return { address: t.address, endpoint: `${t.address}${path}`, url: t.url, labels: t.labels, discoveredLabels: t.discoveredLabels };
  };
}

/** The target's values of the breakdown labels; a label it lacks (or leaves empty) is left out. */
export function breakdownOf(labels: Record<string, string>, breakdownLabels: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const label of breakdownLabels) if (labels[label]) out[label] = labels[label];
  return out;
}
