import { DynamicModule, Module } from '@nestjs/common';
import { ConfigHolder, RuntimeModule, RuntimeSettings } from '@periskop/config';
import { probeRedisWritable, REDIS_CLIENT, RedisClient, RedisModule, ServiceRegistry } from '@periskop/store';
import { HEALTH_CHECK, ProbeHealthCheck } from './health-check';
import { ConfigReloader } from './reload/config-reloader';
import { TelemetryModule } from './telemetry.module';

/**
 * What every app has: its settings, its Redis and the store on it, logging, metrics, health
 * (ready while Redis takes writes) and its own `/errors`.
 */
@Module({})
export class AppCoreModule {
  /** `reload`: the app follows config reloads (SIGHUP, `--watch-config`, other replicas' `POST /-/reload`). */
  static forApp(app: string, runtime: RuntimeSettings, options: { reload?: boolean } = {}): DynamicModule {
    return {
      module: AppCoreModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        RedisModule,
        TelemetryModule.forApp({
          app,
          redactHeaders: runtime.config.security.redactHeaders,
          healthCheck: {
            provide: HEALTH_CHECK,
            inject: [REDIS_CLIENT],
            useFactory: (redis: RedisClient) => new ProbeHealthCheck({ redis: () => probeRedisWritable(redis, app) }),
          },
        }),
      ],
      providers: [
        {
          provide: ServiceRegistry,
          inject: [REDIS_CLIENT, ConfigHolder],
          useFactory: (redis: RedisClient, holder: ConfigHolder) => new ServiceRegistry(redis, () => holder.current.aggregation.keyRetentionMs),
        },
        ...(options.reload ? [ConfigReloader] : []),
      ],
      exports: [ServiceRegistry, ...(options.reload ? [ConfigReloader] : [])],
    };
  }
}
