import { DynamicModule, Module } from '@nestjs/common';
import { ConfigHolder } from '@periskop/config';
import type { RuntimeSettings } from './runtime-settings';

export const RUNTIME_SETTINGS = Symbol('RUNTIME_SETTINGS');

/**
 * Makes the resolved config, Redis and port settings injectable everywhere in an app.
 * `RUNTIME_SETTINGS.config` is the config the app started with; whatever follows reloads reads
 * `ConfigHolder.current` instead.
 */
@Module({})
export class RuntimeModule {
  static forRoot(settings: RuntimeSettings): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      providers: [
        { provide: RUNTIME_SETTINGS, useValue: settings },
        { provide: ConfigHolder, useFactory: () => new ConfigHolder(settings.configFile, settings.config) },
      ],
      exports: [RUNTIME_SETTINGS, ConfigHolder],
    };
  }
}
