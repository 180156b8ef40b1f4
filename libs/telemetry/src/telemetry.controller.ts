import { Controller, Get, Header, Inject } from '@nestjs/common';
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
  @Header('Content-Type', 'text/plain; charset=utf-8')
  healthy(): string {
    return 'OK';
  }

  /** Ready when the app's dependencies (Redis) answer; load balancers and compose use it. */
  @Get('-/ready')
  async ready(): Promise<{ status: string; checks: Record<string, string> }> {
    return this.health.check();
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    return renderMetrics(this.metrics);
  }

  @Get('errors')
  ownErrors() {
    return this.errors.export();
  }
}
