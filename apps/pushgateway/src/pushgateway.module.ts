import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, Authenticator } from '@periskop/access';
import { REDIS_CLIENT, RedisClient } from '@periskop/store';
import { PushState } from '@periskop/store/push-state';
import { AppCoreModule, PushSettings, RuntimeSettings } from '@periskop/platform';
import { PushController } from './push.controller';

@Module({})
export class PushgatewayModule {
  static forRoot(runtime: RuntimeSettings, settings: PushSettings): DynamicModule {
    return {
      module: PushgatewayModule,
      imports: [AppCoreModule.forApp('pushgateway', runtime)],
      controllers: [PushController],
      providers: [
        { provide: PushState, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new PushState(redis, settings) },
        // The API's access rules: a push changes state, so it needs the resolver role, as resolving does.
        Authenticator,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
