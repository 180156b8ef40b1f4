import { Module } from '@nestjs/common';
import { QueueModule } from '@periskop/queue';
import { AppCoreModule, QueueConnectionModule, ReloadController, RuntimeSettings } from '@periskop/platform';
import { CycleService } from './cycle.service';
import { TargetDiscoveryService } from './target-discovery.service';

@Module({})
export class SchedulerModule {
  static forRoot(runtime: RuntimeSettings) {
    return {
      module: SchedulerModule,
      imports: [AppCoreModule.forApp('scheduler', runtime, { reload: true }), QueueModule.forRoot(QueueConnectionModule)],
      controllers: [ReloadController],
      providers: [TargetDiscoveryService, CycleService],
    };
  }
}
