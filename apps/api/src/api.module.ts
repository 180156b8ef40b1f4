import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { NotifyModule } from '@periskop/notify';
import { QueueModule } from '@periskop/queue';
import { AppCoreModule, QueueConnectionModule, RuntimeSettings } from '@periskop/platform';
import { AccessGuard, Authenticator } from '@periskop/access';
import { AuthController } from './auth/auth.controller';
import { OidcSignIn } from './auth/oidc-sign-in';
import { DashboardApiController } from './dashboard/dashboard-api.controller';
import { ErrorsIndexService } from './errors-index/errors-index.service';
import { FederationController } from './federation/federation.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { SharedStateMetrics } from './metrics/shared-state-metrics';
import { PeriskopApiController } from './periskop/periskop-api.controller';
import { PeriskopFullList } from './periskop/periskop-full-list';
import { ReloadController } from './reload/reload.controller';
import { ReportErrorsFilter } from './report-errors.filter';

@Module({})
export class ApiModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: ApiModule,
      imports: [AppCoreModule.forApp('api', runtime, { reload: true }), QueueModule.forRoot(QueueConnectionModule), NotifyModule.forRoot({ worker: false })],
      controllers: [PeriskopApiController, DashboardApiController, NotificationsController, AuthController, ReloadController, FederationController],
      providers: [
        ErrorsIndexService,
        PeriskopFullList,
        SharedStateMetrics,
        Authenticator,
        OidcSignIn,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ReportErrorsFilter },
      ],
    };
  }
}
