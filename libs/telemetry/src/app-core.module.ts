import { DynamicModule, Module } from '@nestjs/common';
import { RUNTIME_SETTINGS, RuntimeModule, RuntimeSettings } from '@periskop/config';
import { probeRedisWritable, REDIS_CLIENT, RedisClient, RedisModule, ServiceRegistry } from '@periskop/store';
import { HEALTH_CHECK, ProbeHealthCheck } from './health-check';
import { TelemetryModule } from './telemetry.module';

/**
 * What every app has: its settings, its Redis and the store on it, logging, metrics, health
 * (ready while Redis takes writes) and its own `/errors`.
 */
@Module({})
export class AppCoreModule {
  static forApp(app: string, runtime: RuntimeSettings): DynamicModule {
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
          inject: [REDIS_CLIENT, RUNTIME_SETTINGS],
          useFactory: (redis: RedisClient, settings: RuntimeSettings) => new ServiceRegistry(redis, settings.config.aggregation.keyRetentionMs),
        },
      ],
      exports: [ServiceRegistry],
    };
  }
}
