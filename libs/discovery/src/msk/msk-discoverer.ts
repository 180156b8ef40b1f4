import { Cluster, DescribeClusterV2Command, KafkaClient, ListClustersV2Command, ListNodesCommand, NodeInfo } from '@aws-sdk/client-kafka';
import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { awsClientSettings, isAuthFailure } from '../internal/aws-config';
import { mapLimit } from '../internal/map-limit';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { MskSdConfig } from './msk-sd-config';

const P = '__meta_msk_';
export const MSK_LABELS = {
  clusterName: `${P}cluster_name`,
  clusterArn: `${P}cluster_arn`,
  clusterState: `${P}cluster_state`,
  clusterType: `${P}cluster_type`,
  clusterVersion: `${P}cluster_version`,
  clusterJmxExporterEnabled: `${P}cluster_jmx_exporter_enabled`,
  clusterConfigurationArn: `${P}cluster_configuration_arn`,
  clusterConfigurationRevision: `${P}cluster_configuration_revision`,
  clusterKafkaVersion: `${P}cluster_kafka_version`,
  clusterTag: `${P}cluster_tag_`,
  nodeType: `${P}node_type`,
  nodeArn: `${P}node_arn`,
  nodeAddedTime: `${P}node_added_time`,
  nodeInstanceType: `${P}node_instance_type`,
  nodeAttachedEni: `${P}node_attached_eni`,
  brokerEndpointIndex: `${P}broker_endpoint_index`,
  brokerId: `${P}broker_id`,
  brokerClientSubnet: `${P}broker_client_subnet`,
  brokerClientVpcIp: `${P}broker_client_vpc_ip`,
  brokerNodeExporterEnabled: `${P}broker_node_exporter_enabled`,
  controllerEndpointIndex: `${P}controller_endpoint_index`,
} as const;

/**
 * `msk_sd_configs`: one target per endpoint of every broker and controller node of the
 * provisioned MSK clusters (`clusters` by ARN, or every provisioned cluster in the region),
 * at `endpoint:port`, through the AWS SDK v3 Kafka client.
 */
export function createMskDiscoverer(config: MskSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let client: KafkaClient | null = null;
  return new RefreshDiscoverer({
    mechanism: 'msk_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      client ??= new KafkaClient(awsClientSettings(config, options));
      const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(providerTimeoutMs(config.refreshIntervalMs))]);
      try {
        return [{ source: config.region, targets: await mskTargets(client, config, abortSignal), labels: {} }];
      } catch (err) {
        if (isAuthFailure(err)) client = null;
        throw new Error(`could not discover MSK nodes: ${(err as Error).message}`);
      }
    },
  });
}

async function mskTargets(client: KafkaClient, config: MskSdConfig, abortSignal: AbortSignal): Promise<Labels[]> {
  const send = { abortSignal };
  let clusters: Cluster[];
  if (config.clusters.length > 0) {
    clusters = await mapLimit(config.clusters, config.requestConcurrency, async (arn) => {
      const out = await client.send(new DescribeClusterV2Command({ ClusterArn: arn }), send);
      if (!out.ClusterInfo) throw new Error(`could not describe cluster ${arn}: no cluster info`);
      return out.ClusterInfo;
    });
  } else {
    clusters = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListClustersV2Command({ ClusterTypeFilter: 'PROVISIONED', MaxResults: 100, NextToken }), send);
      clusters.push(...(page.ClusterInfoList ?? []));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
  }
  const nodes = await mapLimit(clusters, config.requestConcurrency, async (cluster) => {
    const out: NodeInfo[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListNodesCommand({ ClusterArn: cluster.ClusterArn, MaxResults: 100, NextToken }), send);
      out.push(...(page.NodeInfoList ?? []));
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return out;
  });
  return clusters.flatMap((cluster, i) => nodes[i].flatMap((node) => nodeTargets(cluster, node, config.port)));
}

/** One target per endpoint of a broker or controller node; other node types have none. */
export function nodeTargets(cluster: Cluster, node: NodeInfo, port: number): Labels[] {
  const L = MSK_LABELS;
  const provisioned = cluster.Provisioned;
  const software = provisioned?.CurrentBrokerSoftwareInfo;
  const prom = provisioned?.OpenMonitoring?.Prometheus;
  const labels: Labels = {
    [L.clusterName]: cluster.ClusterName ?? '',
    [L.clusterArn]: cluster.ClusterArn ?? '',
    [L.clusterState]: cluster.State ?? '',
    [L.clusterType]: cluster.ClusterType ?? '',
    [L.clusterVersion]: cluster.CurrentVersion ?? '',
    [L.nodeArn]: node.NodeARN ?? '',
    [L.nodeAddedTime]: node.AddedToClusterTime ?? '',
    [L.nodeInstanceType]: node.InstanceType ?? '',
    [L.clusterJmxExporterEnabled]: String(prom?.JmxExporter?.EnabledInBroker ?? false),
    [L.clusterConfigurationArn]: software?.ConfigurationArn ?? '',
    [L.clusterConfigurationRevision]: software?.ConfigurationRevision === undefined ? '' : String(software.ConfigurationRevision),
    [L.clusterKafkaVersion]: software?.KafkaVersion ?? '',
  };
  for (const [key, value] of Object.entries(cluster.Tags ?? {})) labels[L.clusterTag + sanitizeLabelName(key)] = value;
  let endpoints: string[];
  let indexLabel: string;
  if (node.BrokerNodeInfo) {
    const b = node.BrokerNodeInfo;
    labels[L.nodeType] = 'BROKER';
    labels[L.nodeAttachedEni] = b.AttachedENIId ?? '';
    // Go's %.0f of the float broker ID.
    labels[L.brokerId] = (b.BrokerId ?? 0).toFixed(0);
    labels[L.brokerClientSubnet] = b.ClientSubnet ?? '';
    labels[L.brokerClientVpcIp] = b.ClientVpcIpAddress ?? '';
    labels[L.brokerNodeExporterEnabled] = String(prom?.NodeExporter?.EnabledInBroker ?? false);
    endpoints = b.Endpoints ?? [];
    indexLabel = L.brokerEndpointIndex;
  } else if (node.ControllerNodeInfo) {
    labels[L.nodeType] = 'CONTROLLER';
    endpoints = node.ControllerNodeInfo.Endpoints ?? [];
    indexLabel = L.controllerEndpointIndex;
  } else {
    return [];
  }
  for (const [k, v] of Object.entries(labels)) if (v === '') delete labels[k];
  return endpoints.map((endpoint, index) => ({ ...labels, [indexLabel]: String(index), __address__: joinHostPort(endpoint, port) }));
}
