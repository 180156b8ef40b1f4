import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { RuntimeSettings } from '@periskop/config';
import { NotifyModule } from '@periskop/notify';
import { QueueModule } from '@periskop/queue';
import { AppCoreModule } from '@periskop/telemetry';
import { DashboardApiController } from './dashboard/dashboard-api.controller';
import { ErrorsIndexService } from './errors-index/errors-index.service';
import { NotificationsController } from './notifications/notifications.controller';
import { SharedStateMetrics } from './metrics/shared-state-metrics';
import { PeriskopApiController } from './periskop/periskop-api.controller';
import { ReloadController } from './reload/reload.controller';
import { ReportErrorsFilter } from './report-errors.filter';

@Module({})
export class ApiModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: ApiModule,
      imports: [
        AppCoreModule.forApp('api', runtime, { reload: true }),
        QueueModule.forRoot('producer'),
        NotifyModule.forRoot({ worker: false }),
      ],
      controllers: [PeriskopApiController, DashboardApiController, NotificationsController, ReloadController],
      providers: [
        ErrorsIndexService,
        SharedStateMetrics,
        { provide: APP_FILTER, useClass: ReportErrorsFilter },
      ],
    };
  }
}
