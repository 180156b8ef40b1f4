export { parseDuration, formatDuration } from './duration';
export { ConfigPathError, ConfigPath, formatConfigPath } from './config-path-error';
export { Access, AccessPolicy, ACCESS_POLICY } from './access-policy';
export { FollowRedirects, FOLLOW_REDIRECTS, TlsFileConfig } from './scrape-transport';
