export * from './config.types';
export { loadConfigFile, parseConfigText, LoadOptions } from './load-config';
export { ConfigError, ConfigProblem, describeProblem } from './config-error';
export { resolveRuntimeSettings, RuntimeSettings } from './runtime-settings';
export { RuntimeModule, RUNTIME_SETTINGS } from './runtime.module';
export * from './auth/auth.types';
