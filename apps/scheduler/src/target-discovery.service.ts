import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigHolder, ServiceConfig } from '@periskop/config';
import { createServiceDiscovery, DiscoveredTarget, ServiceDiscovery } from '@periskop/discovery';
import { RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/platform';
import { SelfErrorCollector } from '@periskop/telemetry';

interface RunningDiscovery {
  /** What it was built from: a reload that changes none of it keeps it running. */
  spec: string;
  discovery: ServiceDiscovery;
}

/** Runs every service's discovery (every installed `*_sd_configs` mechanism) and relabeling. */
@Injectable()
export class TargetDiscoveryService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TargetDiscoveryService.name);
  private readonly running = new Map<string, RunningDiscovery>();
  /** Reloads apply one after the other, in the order they happened. */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly holder: ConfigHolder,
    private readonly selfErrors: SelfErrorCollector,
    @Inject(RUNTIME_SETTINGS) private readonly runtime: RuntimeSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.apply(this.holder.current.services);
  }

  /**
   * Starts discovery for new services, stops it for removed ones, and replaces it for services
   * whose SD, relabeling or endpoint changed. A replacement has made its first refresh before the
   * old one stops, so a cycle in between still sees the old targets rather than none.
   */
  apply(services: ServiceConfig[]): Promise<void> {
    this.applying = this.applying.then(() => this.applyNow(services)).catch((err: Error) => this.logger.error(`discovery reload failed: ${err.message}`));
    return this.applying;
  }

  targets(service: string): DiscoveredTarget[] {
    return this.running.get(service)?.discovery.targets() ?? [];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.applying;
    await Promise.all([...this.running.values()].map((r) => r.discovery.stop()));
    this.running.clear();
  }

  private async applyNow(services: ServiceConfig[]): Promise<void> {
    const wanted = new Map(services.map((s) => [s.name, s]));
    const stopping: ServiceDiscovery[] = [];
    for (const [name, running] of this.running) {
      if (!wanted.has(name)) {
        stopping.push(running.discovery);
        this.running.delete(name);
      }
    }
    const starting = services
      .map((service) => ({ service, spec: specOf(service) }))
      .filter(({ service, spec }) => this.running.get(service.name)?.spec !== spec)
      .map(async ({ service, spec }) => {
        const discovery = this.create(service);
        await discovery.start();
        const old = this.running.get(service.name);
        if (old) stopping.push(old.discovery);
        this.running.set(service.name, { spec, discovery });
      });
    await Promise.all(starting);
    await Promise.all(stopping.map((d) => d.stop()));
  }

  private create(service: ServiceConfig): ServiceDiscovery {
    return createServiceDiscovery(
      { service: service.name, sd: service.sd, relabelConfigs: service.relabelConfigs, endpoint: service.scraper.endpoint },
      {
        dnsServers: this.runtime.discovery.dnsServers,
        // Test-only: fixed-host mechanisms (hetzner, digitalocean, …) pointed at a local server.
        vendorEndpoints: this.runtime.discovery.vendorEndpoints,
        onError: (mechanism, error) => {
          // The last good targets stay; the failure is visible in logs and the server's own errors.
          this.logger.warn(`${service.name}: ${mechanism} refresh failed: ${error.message}`);
          this.selfErrors.report(error, { key: `discovery-error@${service.name}/${mechanism}`, severity: 'warning' });
        },
      },
    );
  }
}

/** The parts of a service its discovery depends on (not the interval or limits, read per cycle). */
function specOf(service: ServiceConfig): string {
  return JSON.stringify({ sd: service.sd, relabel: service.relabelConfigs, endpoint: service.scraper.endpoint }, (_, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof RegExp ? v.source : v,
  );
}
