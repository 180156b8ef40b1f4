export {
  CONFIG_VERSION_KEY,
  CLUSTER_ID_KEY,
  SERVICES_KEY,
  SERVICE_REGISTRY_KEY,
  readyProbeKey,
  servicePrefix,
  serviceKeys,
  ServiceKeys,
  notificationKeys,
  mergePayloadKeys,
  touchTargetKeys,
  IndexSort,
  IndexStatus,
  IndexSeverity,
} from './keys';
export { SharedFullList, SharedAnswer } from './shared-full-list';
export { ErrorIndex, ErrorTotals, IndexedPage, IndexedPageQuery, SeverityTotals, MAX_INDEXED_PAGE } from './error-index';
export { RedisClient, REDIS_CLIENT } from './redis-client';
export { StoreModule, StoreOptions } from './store.module';
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
export { StoredTarget, DiscoveredTargets } from './discovered-targets';
export { CycleClaims, CycleClaim } from './cycle-claims';
export { ServiceRegistry } from './service-registry';
export { WriteProbe } from './write-probe';
export { ConfigVersion } from './config-version';
export { ResolutionLog, Resolution } from './resolution-log';
export { ClusterIdentity, federatedTargetUuid } from './cluster-identity';
