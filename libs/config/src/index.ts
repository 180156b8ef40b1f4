export * from './config.types';
export { loadConfigFile, parseConfigText, LoadOptions } from './load-config';
export { ConfigError, ConfigProblem, describeProblem } from './config-error';
export { DEFAULT_PORTS } from './default-ports';
export { DEFAULT_REPEAT_INTERVAL_MS } from './notification-settings';
export * from './auth/auth.types';
export { ConfigHolder, ConfigListener, ReloadOutcome, hashText, versionOfFile } from './config-holder';
