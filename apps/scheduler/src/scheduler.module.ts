import { Module } from '@nestjs/common';
import type { RuntimeSettings } from '@periskop/config';
import { QueueModule } from '@periskop/queue';
import { AppCoreModule, ReloadController } from '@periskop/telemetry';
import { CycleService } from './cycle.service';
import { TargetDiscoveryService } from './target-discovery.service';

@Module({})
export class SchedulerModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: SchedulerModule,
      imports: [
        AppCoreModule.forApp('scheduler', runtime, { reload: true }),
        QueueModule.forRoot('producer'),
      ],
      controllers: [ReloadController],
      providers: [TargetDiscoveryService, CycleService],
    };
  }
}
