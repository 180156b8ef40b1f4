import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Access } from '@periskop/common';
import { PeriskopMetrics, renderMetrics } from './metrics';
import { SelfErrorCollector } from './self-error-collector';
import { HEALTH_CHECK, HealthCheck } from './health-check';

/** `/-/health`, `/-/ready`, `/metrics` and `/errors`, the same on every app. */
@Controller()
export class TelemetryController {
  constructor(
    private readonly metrics: PeriskopMetrics,
    private readonly errors: SelfErrorCollector,
    @Inject(HEALTH_CHECK) private readonly health: HealthCheck,
  ) {}

  @Get('-/health')
  @Access('public')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  healthy(): string {
    return 'OK';
  }

  /** Ready when the app's dependencies (Redis) answer; load balancers and compose use it. */
  @Get('-/ready')
  @Access('public')
  async ready(): Promise<{ status: string; checks: Record<string, string> }> {
    return this.health.check();
  }

  @Get('metrics')
  @Access('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    // Probed on scrape, so an alert on periskop_dependency_up sees what /-/ready answers now.
    for (const [dependency, result] of Object.entries(await this.health.probe())) this.metrics.dependencyUp.set({ dependency }, result === 'up' ? 1 : 0);
    return renderMetrics(this.metrics);
  }

  @Get('errors')
  @Access('viewer')
  ownErrors() {
    return this.errors.export();
  }
}
