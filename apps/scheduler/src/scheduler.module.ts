import { Module } from '@nestjs/common';
import { RuntimeModule, RuntimeSettings } from '@periskop/config';
import { QueueModule } from '@periskop/queue';
import { REDIS_CLIENT, RedisClient, RedisModule } from '@periskop/store';
import { HEALTH_CHECK, ProbeHealthCheck, TelemetryModule } from '@periskop/telemetry';
import { CycleService } from './cycle.service';
import { TargetDiscoveryService } from './target-discovery.service';

@Module({})
export class SchedulerModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: SchedulerModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        RedisModule,
        TelemetryModule.forApp({
          app: 'scheduler',
          healthCheck: { provide: HEALTH_CHECK, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new ProbeHealthCheck({ redis: () => redis.ping() }) },
        }),
        QueueModule.forRoot('producer'),
      ],
      providers: [TargetDiscoveryService, CycleService],
    };
  }
}
