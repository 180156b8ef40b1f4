import { DynamicModule, Module } from '@nestjs/common';
import type { RuntimeSettings } from './runtime-settings';

export const RUNTIME_SETTINGS = Symbol('RUNTIME_SETTINGS');

/** Makes the resolved config, Redis and port settings injectable everywhere in an app. */
@Module({})
export class RuntimeModule {
  static forRoot(settings: RuntimeSettings): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      providers: [{ provide: RUNTIME_SETTINGS, useValue: settings }],
      exports: [RUNTIME_SETTINGS],
    };
  }
}
