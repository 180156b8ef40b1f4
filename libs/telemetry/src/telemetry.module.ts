import { DynamicModule, Module, Provider } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DEFAULT_REDACTED_HEADERS, REDACTED } from '@periskop/wire';
import { PeriskopMetrics } from './metrics';
import { SelfErrorCollector } from './self-error-collector';
import { TelemetryController } from './telemetry.controller';
import { HEALTH_CHECK } from './health-check';
import { logRedactPaths } from './log-redaction';

export interface TelemetryOptions {
  app: string;
  /** Provider of HEALTH_CHECK (readiness probes of this app's dependencies). */
  healthCheck: Provider;
  imports?: DynamicModule['imports'];
  /** Header names whose values never reach the logs or `/errors` (`security.redact_headers` plus the defaults). */
  redactHeaders?: readonly string[];
  /** pino's level (default info). */
  logLevel?: string;
}

/**
 * Polled constantly by load balancers, Prometheus and Periskop itself, and never logged: the
 * request-logging middleware does not run for them. It binds each request's logger with an
 * AsyncLocalStorage, whose first use turns on Node's async hooks for the rest of the process (a
 * callback for every promise created: ≈ 5 % of a scraper's CPU per target). The scraper and the
 * scheduler serve only these routes, so they never pay it; the API does from its first request.
 */
export const QUIET_ROUTES = ['-/{*path}', 'metrics', 'errors'];

/** Logging (pino, JSON; pretty is left to the reader's tools), metrics, health and own errors. */
@Module({})
export class TelemetryModule {
  static forApp(options: TelemetryOptions): DynamicModule {
    const metrics = new PeriskopMetrics(options.app);
    const redactHeaders = options.redactHeaders ?? DEFAULT_REDACTED_HEADERS;
    return {
      module: TelemetryModule,
      global: true,
      imports: [
        ...(options.imports ?? []),
        LoggerModule.forRoot({
          exclude: QUIET_ROUTES,
          pinoHttp: {
            level: options.logLevel ?? 'info',
            name: options.app,
            base: { app: options.app },
            redact: { paths: logRedactPaths(redactHeaders), censor: REDACTED },
          },
        }),
      ],
      controllers: [TelemetryController],
      providers: [{ provide: PeriskopMetrics, useValue: metrics }, { provide: SelfErrorCollector, useValue: new SelfErrorCollector(redactHeaders) }, options.healthCheck],
      exports: [PeriskopMetrics, SelfErrorCollector, HEALTH_CHECK],
    };
  }
}
