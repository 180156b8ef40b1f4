import { CacheCluster, DescribeCacheClustersCommand, DescribeServerlessCachesCommand, ElastiCacheClient, ListTagsForResourceCommand, ServerlessCache } from '@aws-sdk/client-elasticache';
import type { DiscoveryOptions } from '../discoverer';
import { awsClientSettings, isAuthFailure } from '../internal/aws-config';
import { mapLimit } from '../internal/map-limit';
import { providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import { cacheClusterTarget, serverlessCacheTarget } from './elasticache-labels';
import type { ElasticacheSdConfig } from './elasticache-sd-config';

/**
 * `elasticache_sd_configs`: one target per serverless cache and per node-based cache cluster,
 * at the endpoint AWS reports (its own port; `port` is not used), with their tags from
 * ListTagsForResource, through the AWS SDK v3 ElastiCache client.
 */
export function createElasticacheDiscoverer(config: ElasticacheSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let client: ElastiCacheClient | null = null;
  return new RefreshDiscoverer({
    mechanism: 'elasticache_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      client ??= new ElastiCacheClient(awsClientSettings(config, options));
      const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(providerTimeoutMs(config.refreshIntervalMs))]);
      try {
        return [{ source: config.region, targets: await elasticacheTargets(client, config, abortSignal), labels: {} }];
      } catch (err) {
        if (isAuthFailure(err)) client = null;
        throw new Error(`could not discover ElastiCache caches: ${(err as Error).message}`);
      }
    },
  });
}

/**
 * `clusters` holds ARNs: `…:serverlesscache:<name>` selects serverless caches and
 * `…:replicationgroup:<id>` cache clusters; other ARNs are ignored. A kind with none listed
 * is discovered in full, as in Prometheus.
 */
export function splitCacheArns(arns: string[]): { serverless: string[]; clusters: string[] } {
  const out = { serverless: [] as string[], clusters: [] as string[] };
  for (const arn of arns) {
    const parts = arn.split(':');
    if (parts.length < 7) continue;
    if (parts[5] === 'serverlesscache') out.serverless.push(parts[6]);
    else if (parts[5] === 'replicationgroup') out.clusters.push(parts[6]);
  }
  return out;
}

async function elasticacheTargets(client: ElastiCacheClient, config: ElasticacheSdConfig, abortSignal: AbortSignal): Promise<Labels[]> {
  const send = { abortSignal };
  const ids = splitCacheArns(config.clusters);
  const limit = config.requestConcurrency;
  const [serverless, clusters] = await Promise.all([
    (async (): Promise<ServerlessCache[]> => {
      if (ids.serverless.length > 0) {
        return (await mapLimit(ids.serverless, limit, async (name) => (await client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: name }), send)).ServerlessCaches ?? [])).flat();
      }
      const all: ServerlessCache[] = [];
      let NextToken: string | undefined;
      do {
        const page = await client.send(new DescribeServerlessCachesCommand({ MaxResults: 50, NextToken }), send);
        all.push(...(page.ServerlessCaches ?? []));
        NextToken = page.NextToken || undefined;
      } while (NextToken);
      return all;
    })(),
    (async (): Promise<CacheCluster[]> => {
      if (ids.clusters.length > 0) {
        return (
          await mapLimit(
            ids.clusters,
            limit,
            async (id) => (await client.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true, MaxRecords: 100 }), send)).CacheClusters ?? [],
          )
        ).flat();
      }
      // Prometheus asks twice (all clusters, then those outside replication groups) and the
      // duplicates collapse into one target downstream; one listing gives the same targets.
      const all: CacheCluster[] = [];
      let Marker: string | undefined;
      do {
        const page = await client.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true, MaxRecords: 100, Marker }), send);
        all.push(...(page.CacheClusters ?? []));
        Marker = page.Marker || undefined;
      } while (Marker);
      return all;
    })(),
  ]);
  const arns = [...serverless.map((s) => s.ARN), ...clusters.map((c) => c.ARN)].filter((a): a is string => !!a);
  const tagLists = await mapLimit(arns, limit, async (arn) => (await client.send(new ListTagsForResourceCommand({ ResourceName: arn }), send)).TagList ?? []);
  const tags = new Map(arns.map((arn, i) => [arn, tagLists[i]]));
  return [...serverless.map((s) => serverlessCacheTarget(s, tags.get(s.ARN ?? ''))), ...clusters.map((c) => cacheClusterTarget(c, tags.get(c.ARN ?? '')))];
}
