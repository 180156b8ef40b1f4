// Settings from flags and environment (read here and nowhere else in the apps and libs).
export { resolveRuntimeSettings, RuntimeSettings, DiscoveryEnvironment, discoveryEnvironment } from './settings/runtime-settings';
export { RuntimeModule, RUNTIME_SETTINGS } from './settings/runtime.module';
export { resolvePushSettings, PushSettings } from './settings/push-settings';
export { scraperWorkerSettingsFromEnv, ScraperWorkerSettings, SCRAPER_WORKER_SETTINGS } from './settings/scraper-worker-settings';
export { demoFleetSettingsFromEnv, DemoFleetSettings } from './settings/demo-fleet-settings';
// Connections.
export { createRedisClient, RedisConnectionSettings, redisConnectionOf, parseRedisSeed, RedisSeed } from './redis/redis-connection';
export { RedisModule, RedisConnections } from './redis/redis.module';
export { QueueConnectionModule } from './queue/queue-connection.module';
// Every app's core and start.
export { AppCoreModule } from './app-core.module';
export { bootstrapApp, exitOnStartupError, BootstrapOptions } from './bootstrap/bootstrap-app';
export { ConfigReloader, ReloadTrigger } from './reload/config-reloader';
export { ReloadController, answerReload } from './reload/reload.controller';
// Parsing a configuration text, for tests of libs that take settings (they import no config).
export { parseConfigText } from '@periskop/config';
// The settings the libs are handed, as @periskop/config parses them from the YAML: libs other
// than this one never import the config stage itself.
export type { ApiToken, AuthSettings, NotificationEventKind, NotificationSettings, ReceiverConfig, Role, RoleGroups, RouteConfig, SpikeSettings } from '@periskop/config';
