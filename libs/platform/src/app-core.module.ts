import { DynamicModule, Module } from '@nestjs/common';
import { ConfigHolder } from '@periskop/config';
import { StoreModule, WriteProbe } from '@periskop/store';
import { HEALTH_CHECK, ProbeHealthCheck, TelemetryModule } from '@periskop/telemetry';
import { RedisModule } from './redis/redis.module';
import { ConfigReloader } from './reload/config-reloader';
import { RuntimeModule } from './settings/runtime.module';
import type { RuntimeSettings } from './settings/runtime-settings';

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
        StoreModule.forRoot({
          inject: [ConfigHolder],
          useFactory: (holder: ConfigHolder) => ({ keyRetentionMs: () => holder.current.aggregation.keyRetentionMs }),
        }),
        TelemetryModule.forApp({
          app,
          redactHeaders: runtime.config.security.redactHeaders,
          logLevel: runtime.logLevel,
          healthCheck: {
            provide: HEALTH_CHECK,
            inject: [WriteProbe],
            useFactory: (writes: WriteProbe) => new ProbeHealthCheck({ redis: () => writes.probe(app) }),
          },
        }),
      ],
      providers: [...(options.reload ? [ConfigReloader] : [])],
      exports: [...(options.reload ? [ConfigReloader] : [])],
    };
  }
}
