import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/config';
import { createServiceDiscovery, DiscoveredTarget, parseVendorEndpoints, ServiceDiscovery } from '@periskop/discovery';
import { SelfErrorCollector } from '@periskop/telemetry';

/** Runs every service's discovery (every installed `*_sd_configs` mechanism) and relabeling. */
@Injectable()
export class TargetDiscoveryService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TargetDiscoveryService.name);
  private readonly discoveries = new Map<string, ServiceDiscovery>();

  constructor(
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    private readonly selfErrors: SelfErrorCollector,
  ) {}

  async onModuleInit(): Promise<void> {
    const dnsServers = process.env.PERISKOP_DNS_SERVERS?.split(',').map((s) => s.trim()).filter(Boolean);
    // Test-only: fixed-host mechanisms (hetzner, digitalocean, …) pointed at a local server.
    const vendorEndpoints = parseVendorEndpoints(process.env.PERISKOP_SD_VENDOR_ENDPOINTS);
    for (const service of this.settings.config.services) {
      const discovery = createServiceDiscovery(
        { service: service.name, sd: service.sd, relabelConfigs: service.relabelConfigs, endpoint: service.scraper.endpoint },
        {
          dnsServers,
          vendorEndpoints,
          onError: (mechanism, error) => {
            // The last good targets stay; the failure is visible in logs and the server's own errors.
            this.logger.warn(`${service.name}: ${mechanism} refresh failed: ${error.message}`);
            this.selfErrors.report(error, { key: `discovery-error@${service.name}/${mechanism}`, severity: 'warning' });
          },
        },
      );
      this.discoveries.set(service.name, discovery);
    }
    await Promise.all([...this.discoveries.values()].map((d) => d.start()));
  }

  targets(service: string): DiscoveredTarget[] {
    return this.discoveries.get(service)?.targets() ?? [];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.discoveries.values()].map((d) => d.stop()));
  }
}
