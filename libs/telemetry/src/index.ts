export { PeriskopMetrics } from './metrics';
export { SelfErrorCollector } from './self-error-collector';
export { TelemetryModule, TelemetryOptions } from './telemetry.module';
export { HEALTH_CHECK, HealthCheck, ProbeHealthCheck } from './health-check';
