import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { RuntimeSettings } from '@periskop/config';
import { NotifyModule } from '@periskop/notify';
import { QueueModule } from '@periskop/queue';
import { ClusterIdentity, REDIS_CLIENT, RedisClient } from '@periskop/store';
import { AppCoreModule } from '@periskop/telemetry';
import { DashboardApiController } from './dashboard/dashboard-api.controller';
import { ErrorsIndexService } from './errors-index/errors-index.service';
import { FederationController } from './federation/federation.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { PeriskopApiController } from './periskop/periskop-api.controller';
import { ReportErrorsFilter } from './report-errors.filter';

@Module({})
export class ApiModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: ApiModule,
      imports: [
        AppCoreModule.forApp('api', runtime),
        QueueModule.forRoot('producer'),
        NotifyModule.forRoot({ worker: false }),
      ],
      controllers: [PeriskopApiController, DashboardApiController, NotificationsController, FederationController],
      providers: [
        ErrorsIndexService,
        { provide: ClusterIdentity, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new ClusterIdentity(redis) },
        { provide: APP_FILTER, useClass: ReportErrorsFilter },
      ],
    };
  }
}
