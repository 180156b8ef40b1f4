export { PeriskopMetrics } from './metrics';
export { SelfErrorCollector } from './self-error-collector';
export { TelemetryModule, TelemetryOptions } from './telemetry.module';
export { HEALTH_CHECK, HealthCheck, ProbeHealthCheck } from './health-check';
export { bootstrapApp, exitOnStartupError, BootstrapOptions } from './bootstrap-app';
export { AppCoreModule } from './app-core.module';
export { ConfigReloader, ReloadTrigger } from './reload/config-reloader';
export { ReloadController, answerReload } from './reload/reload.controller';
