import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RuntimeModule, RuntimeSettings } from '@periskop/config';
import { QueueModule } from '@periskop/queue';
import { REDIS_CLIENT, RedisClient, RedisModule } from '@periskop/store';
import { HEALTH_CHECK, ProbeHealthCheck, TelemetryModule } from '@periskop/telemetry';
import { DashboardApiController } from './dashboard/dashboard-api.controller';
import { ErrorsIndexService } from './errors-index/errors-index.service';
import { PeriskopApiController } from './periskop/periskop-api.controller';
import { ReportErrorsFilter } from './report-errors.filter';

@Module({})
export class ApiModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: ApiModule,
      imports: [
        RuntimeModule.forRoot(runtime),
        RedisModule,
        TelemetryModule.forApp({
          app: 'api',
          healthCheck: { provide: HEALTH_CHECK, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new ProbeHealthCheck({ redis: () => redis.ping() }) },
        }),
        QueueModule.forRoot('producer'),
      ],
      controllers: [PeriskopApiController, DashboardApiController],
      providers: [
        ErrorsIndexService,
        { provide: APP_FILTER, useClass: ReportErrorsFilter },
      ],
    };
  }
}
