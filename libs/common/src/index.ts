export { parseDuration, formatDuration } from './duration';
export { ConfigPathError, ConfigPath, formatConfigPath } from './config-path-error';
