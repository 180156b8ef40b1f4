import { DBCluster, DBInstance, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import type { DiscoveryOptions } from '../discoverer';
import { awsClientSettings, isAuthFailure } from '../internal/aws-config';
import { mapLimit } from '../internal/map-limit';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import { addInstanceLabels, clusterLabels } from './rds-labels';
import type { RdsSdConfig } from './rds-sd-config';

const PAGE = 100;

/**
 * `rds_sd_configs`: one target per instance of every DB cluster (`clusters` by ARN, or every
 * cluster in the region), at `endpoint address:port`, with the cluster's and the instance's
 * labels, through the AWS SDK v3 RDS client.
 */
export function createRdsDiscoverer(config: RdsSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let client: RDSClient | null = null;
  return new RefreshDiscoverer({
    mechanism: 'rds_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      client ??= new RDSClient(awsClientSettings(config, options));
      const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(providerTimeoutMs(config.refreshIntervalMs))]);
      try {
        return [{ source: config.region, targets: await rdsTargets(client, config, abortSignal), labels: {} }];
      } catch (err) {
        if (isAuthFailure(err)) client = null;
        throw new Error(`could not discover RDS instances: ${(err as Error).message}`);
      }
    },
  });
}

async function rdsTargets(client: RDSClient, config: RdsSdConfig, abortSignal: AbortSignal): Promise<Labels[]> {
  const send = { abortSignal };
  let clusters: DBCluster[];
  if (config.clusters.length > 0) {
    clusters = await mapLimit(config.clusters, config.requestConcurrency, async (arn) => {
      const out = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: arn, MaxRecords: PAGE }), send);
      if (!out.DBClusters?.length) throw new Error(`no DB cluster found for ARN ${arn}`);
      return out.DBClusters[0];
    });
  } else {
    clusters = [];
    let Marker: string | undefined;
    do {
      const page = await client.send(new DescribeDBClustersCommand({ Marker, MaxRecords: PAGE }), send);
      clusters.push(...(page.DBClusters ?? []).filter((c) => c.DBClusterArn));
      Marker = page.Marker || undefined;
    } while (Marker);
  }
  const filters = config.filters.map((f) => ({ Name: f.name, Values: f.values }));
  const instances = await mapLimit(clusters, config.requestConcurrency, async (cluster) => {
    const out: DBInstance[] = [];
    let Marker: string | undefined;
    do {
      const page = await client.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [cluster.DBClusterArn!] }, ...filters], Marker, MaxRecords: PAGE }), send);
      out.push(...(page.DBInstances ?? []));
      Marker = page.Marker || undefined;
    } while (Marker);
    return out;
  });
  return clusters.flatMap((cluster, i) => {
    const shared = clusterLabels(cluster);
    const writers = new Map(
      (cluster.DBClusterMembers ?? []).filter((m) => m.DBInstanceIdentifier !== undefined && m.IsClusterWriter !== undefined).map((m) => [m.DBInstanceIdentifier!, m.IsClusterWriter!]),
    );
    return instances[i].map((instance) => {
      const labels = { ...shared };
      addInstanceLabels(labels, instance, writers);
      // The configured port, not the database's: the scrape target is an exporter beside it.
      if (instance.Endpoint?.Address && instance.Endpoint.Port !== undefined) labels.__address__ = joinHostPort(instance.Endpoint.Address, config.port);
      return labels;
    });
  });
}
