import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { RuntimeSettings } from '@periskop/config';
import { NotifyModule } from '@periskop/notify';
import { QueueModule } from '@periskop/queue';
import { ClusterIdentity, REDIS_CLIENT, RedisClient, ResolutionLog } from '@periskop/store';
import { AppCoreModule } from '@periskop/telemetry';
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
      imports: [
        AppCoreModule.forApp('api', runtime, { reload: true }),
        QueueModule.forRoot('producer'),
        NotifyModule.forRoot({ worker: false }),
      ],
      controllers: [PeriskopApiController, DashboardApiController, NotificationsController, AuthController, ReloadController, FederationController],
      providers: [
        ErrorsIndexService,
        PeriskopFullList,
        SharedStateMetrics,
        Authenticator,
        OidcSignIn,
        { provide: ResolutionLog, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new ResolutionLog(redis, runtime.config.aggregation.keyRetentionMs) },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: ClusterIdentity, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new ClusterIdentity(redis) },
        { provide: APP_FILTER, useClass: ReportErrorsFilter },
      ],
    };
  }
}
