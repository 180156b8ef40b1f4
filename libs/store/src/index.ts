export { SERVICES_KEY, servicePrefix, serviceKeys, ServiceKeys } from './keys';
export { createRedisClient, RedisClient, RedisConnectionSettings } from './redis-connection';
export { registerScripts, scriptSource } from './scripts';
export { AggregateWriter, MergeRequest, MergeResult, KeyDelta, mergeArguments } from './aggregate-writer';
export { AggregateReader, StoredAggregate } from './aggregate-reader';
export { AggregateMeta, statusOf, toErrorSummary, NEW_WINDOW_MS } from './aggregate-meta';
export { TargetHealthRecord, toTargetHealth, encodeHealth } from './target-health';
export { StoredTarget, recordDiscoveredTargets } from './discovered-targets';
