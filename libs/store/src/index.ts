export { CONFIG_VERSION_KEY, CLUSTER_ID_KEY, SERVICES_KEY, SERVICE_REGISTRY_KEY, readyProbeKey, servicePrefix, serviceKeys, ServiceKeys, notificationKeys, mergePayloadKeys, touchTargetKeys, IndexSort, IndexStatus, IndexSeverity } from './keys';
export { ErrorIndex, ErrorTotals, IndexedPage, IndexedPageQuery, SeverityTotals, MAX_INDEXED_PAGE } from './error-index';
export { createRedisClient, RedisClient, RedisConnectionSettings, redisConnectionOf, parseRedisSeed, RedisSeed } from './redis-connection';
export { registerScripts, scriptSource, runScript, SCRIPT_VERSION } from './scripts';
export {
  AggregateWriter,
  MergeRequest,
  TouchRequest,
  TouchResult,
  MergeResult,
  MergeEvent,
  KeyDelta,
  RefusedAggregate,
  ChunkLimits,
  DEFAULT_CHUNK_LIMITS,
  mergeArguments,
  targetIdentity,
  displayTarget,
} from './aggregate-writer';
export { Retention, RetentionPolicy, SweepResult } from './retention';
export { AggregateReader, StoredAggregate, TargetCounts } from './aggregate-reader';
export { AggregateMeta, parseMeta, statusOf, toErrorSummary, NEW_WINDOW_MS } from './aggregate-meta';
export { TargetHealthRecord, toTargetHealth, encodeHealth, healthOfMergedScrape } from './target-health';
export { StoredTarget, recordDiscoveredTargets } from './discovered-targets';
export { RedisModule, REDIS_CLIENT } from './redis.module';
export { CycleClaims, CycleClaim } from './cycle-claims';
export { ServiceRegistry } from './service-registry';
export { probeRedisWritable } from './write-probe';
export { ResolutionLog, Resolution } from './resolution-log';
export { ClusterIdentity, federatedTargetUuid } from './cluster-identity';
