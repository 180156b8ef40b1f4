import type { CacheCluster, ServerlessCache, Tag } from '@aws-sdk/client-elasticache';
import { sanitizeLabelName } from '../label-names';
import { labelValue } from '../internal/aws-label-value';
import { joinHostPort } from '../internal/provider-http';
import type { Labels } from '../target-group';

const P = '__meta_elasticache_';
const CC = `${P}cache_cluster_`;
const NODE = `${P}cache_node_`;
const SC = `${P}serverless_cache_`;
export const ELASTICACHE_LABELS = { type: `${P}type`, cacheClusterPrefix: CC, cacheNodePrefix: NODE, serverlessCachePrefix: SC } as const;

/** Sets `name` when AWS reported a value (booleans `true`/`false`, numbers decimal, times RFC 3339). */
function set(labels: Labels, name: string, value: unknown): void {
  const v = labelValue(value);
  if (v !== undefined) labels[name] = v;
}

function setTags(labels: Labels, prefix: string, tags: Tag[] | undefined): void {
  for (const t of tags ?? []) if (t.Key !== undefined && t.Value !== undefined) labels[prefix + sanitizeLabelName(t.Key)] = t.Value;
}

/**
 * A node-based cache cluster: one target at its configuration endpoint (cluster mode), else at
 * its first node's endpoint, each with the endpoint's own port. Lists become indexed labels
 * (`…_cache_node_id_0`, `…_security_group_membership_id_1`).
 */
export function cacheClusterTarget(c: CacheCluster, tags: Tag[] | undefined): Labels {
  const labels: Labels = { [ELASTICACHE_LABELS.type]: 'cache_cluster' };
  set(labels, `${CC}arn`, c.ARN);
  set(labels, `${CC}cache_cluster_id`, c.CacheClusterId);
  set(labels, `${CC}cache_cluster_status`, c.CacheClusterStatus);
  set(labels, `${CC}at_rest_encryption_enabled`, c.AtRestEncryptionEnabled);
  set(labels, `${CC}auth_token_enabled`, c.AuthTokenEnabled);
  set(labels, `${CC}auth_token_last_modified`, c.AuthTokenLastModifiedDate);
  set(labels, `${CC}auto_minor_version_upgrade`, c.AutoMinorVersionUpgrade);
  set(labels, `${CC}cache_cluster_create_time`, c.CacheClusterCreateTime);
  set(labels, `${CC}cache_node_type`, c.CacheNodeType);
  set(labels, `${CC}cache_parameter_group`, c.CacheParameterGroup?.CacheParameterGroupName);
  set(labels, `${CC}cache_subnet_group_name`, c.CacheSubnetGroupName);
  set(labels, `${CC}client_download_landing_page`, c.ClientDownloadLandingPage);
  set(labels, `${CC}configuration_endpoint_address`, c.ConfigurationEndpoint?.Address);
  set(labels, `${CC}configuration_endpoint_port`, c.ConfigurationEndpoint?.Port);
  set(labels, `${CC}engine`, c.Engine);
  set(labels, `${CC}engine_version`, c.EngineVersion);
  set(labels, `${CC}ip_discovery`, c.IpDiscovery);
  set(labels, `${CC}network_type`, c.NetworkType);
  set(labels, `${CC}notification_topic_arn`, c.NotificationConfiguration?.TopicArn);
  set(labels, `${CC}notification_topic_status`, c.NotificationConfiguration?.TopicStatus);
  set(labels, `${CC}num_cache_nodes`, c.NumCacheNodes);
  set(labels, `${CC}preferred_availability_zone`, c.PreferredAvailabilityZone);
  set(labels, `${CC}preferred_maintenance_window`, c.PreferredMaintenanceWindow);
  set(labels, `${CC}preferred_outpost_arn`, c.PreferredOutpostArn);
  set(labels, `${CC}replication_group_id`, c.ReplicationGroupId);
  set(labels, `${CC}replication_group_log_delivery_enabled`, c.ReplicationGroupLogDeliveryEnabled);
  set(labels, `${CC}snapshot_retention_limit`, c.SnapshotRetentionLimit);
  set(labels, `${CC}snapshot_window`, c.SnapshotWindow);
  set(labels, `${CC}transit_encryption_enabled`, c.TransitEncryptionEnabled);
  set(labels, `${CC}transit_encryption_mode`, c.TransitEncryptionMode);
  (c.LogDeliveryConfigurations ?? []).forEach((d, i) => {
    const L = `${CC}log_delivery_configuration_`;
    set(labels, `${L}destination_type_${i}`, d.DestinationType);
    set(labels, `${L}log_format_${i}`, d.LogFormat);
    set(labels, `${L}log_type_${i}`, d.LogType);
    set(labels, `${L}status_${i}`, d.Status);
    set(labels, `${L}message_${i}`, d.Message);
    set(labels, `${L}log_group_${i}`, d.DestinationDetails?.CloudWatchLogsDetails?.LogGroup);
    set(labels, `${L}delivery_stream_${i}`, d.DestinationDetails?.KinesisFirehoseDetails?.DeliveryStream);
  });
  const pending = c.PendingModifiedValues;
  if (pending) {
    const L = `${CC}pending_modified_values_`;
    set(labels, `${L}auth_token_status`, pending.AuthTokenStatus);
    set(labels, `${L}cache_node_type`, pending.CacheNodeType);
    set(labels, `${L}engine_version`, pending.EngineVersion);
    set(labels, `${L}num_cache_nodes`, pending.NumCacheNodes);
    set(labels, `${L}transit_encryption_enabled`, pending.TransitEncryptionEnabled);
    set(labels, `${L}transit_encryption_mode`, pending.TransitEncryptionMode);
    if (pending.CacheNodeIdsToRemove?.length) labels[`${L}cache_node_ids_to_remove`] = pending.CacheNodeIdsToRemove.join(',');
  }
  (c.SecurityGroups ?? []).forEach((g, i) => {
    set(labels, `${CC}security_group_membership_id_${i}`, g.SecurityGroupId);
    set(labels, `${CC}security_group_membership_status_${i}`, g.Status);
  });
  (c.CacheNodes ?? []).forEach((n, i) => {
    set(labels, `${NODE}id_${i}`, n.CacheNodeId);
    set(labels, `${NODE}status_${i}`, n.CacheNodeStatus);
    set(labels, `${NODE}create_time_${i}`, n.CacheNodeCreateTime);
    set(labels, `${NODE}availability_zone_${i}`, n.CustomerAvailabilityZone);
    set(labels, `${NODE}customer_outpost_arn_${i}`, n.CustomerOutpostArn);
    set(labels, `${NODE}source_cache_node_id_${i}`, n.SourceCacheNodeId);
    set(labels, `${NODE}parameter_group_status_${i}`, n.ParameterGroupStatus);
    set(labels, `${NODE}endpoint_address_${i}`, n.Endpoint?.Address);
    set(labels, `${NODE}endpoint_port_${i}`, n.Endpoint?.Port);
  });
  setTags(labels, `${CC}tag_`, tags);
  const config = c.ConfigurationEndpoint;
  const first = c.CacheNodes?.[0]?.Endpoint;
  if (config?.Address && config.Port !== undefined) labels.__address__ = joinHostPort(config.Address, config.Port);
  else if (first?.Address && first.Port !== undefined) labels.__address__ = joinHostPort(first.Address, first.Port);
  return labels;
}

/** A serverless cache: one target at its endpoint, with the endpoint's own port. */
export function serverlessCacheTarget(s: ServerlessCache, tags: Tag[] | undefined): Labels {
  const labels: Labels = { [ELASTICACHE_LABELS.type]: 'serverless_cache' };
  set(labels, `${SC}arn`, s.ARN);
  set(labels, `${SC}name`, s.ServerlessCacheName);
  set(labels, `${SC}status`, s.Status);
  set(labels, `${SC}engine`, s.Engine);
  set(labels, `${SC}full_engine_version`, s.FullEngineVersion);
  set(labels, `${SC}major_engine_version`, s.MajorEngineVersion);
  set(labels, `${SC}description`, s.Description);
  set(labels, `${SC}create_time`, s.CreateTime);
  set(labels, `${SC}kms_key_id`, s.KmsKeyId);
  set(labels, `${SC}user_group_id`, s.UserGroupId);
  set(labels, `${SC}daily_snapshot_time`, s.DailySnapshotTime);
  set(labels, `${SC}snapshot_retention_limit`, s.SnapshotRetentionLimit);
  set(labels, `${SC}endpoint_address`, s.Endpoint?.Address);
  set(labels, `${SC}endpoint_port`, s.Endpoint?.Port);
  set(labels, `${SC}endpoint_reader_address`, s.ReaderEndpoint?.Address);
  set(labels, `${SC}endpoint_reader_port`, s.ReaderEndpoint?.Port);
  (s.SecurityGroupIds ?? []).forEach((id, i) => set(labels, `${SC}security_group_id_${i}`, id));
  (s.SubnetIds ?? []).forEach((id, i) => set(labels, `${SC}subnet_id_${i}`, id));
  // Prometheus's names join these without an underscore (`…_data_storagemaximum`); kept as they are.
  const limits = s.CacheUsageLimits;
  if (limits?.DataStorage) {
    set(labels, `${SC}cache_usage_limit_data_storagemaximum`, limits.DataStorage.Maximum);
    set(labels, `${SC}cache_usage_limit_data_storageminimum`, limits.DataStorage.Minimum);
    set(labels, `${SC}cache_usage_limit_data_storageunit`, limits.DataStorage.Unit);
  }
  if (limits?.ECPUPerSecond) {
    set(labels, `${SC}cache_usage_limit_ecpu_per_secondmaximum`, limits.ECPUPerSecond.Maximum);
    set(labels, `${SC}cache_usage_limit_ecpu_per_secondminimum`, limits.ECPUPerSecond.Minimum);
  }
  setTags(labels, `${SC}tag_`, tags);
  if (s.Endpoint?.Address && s.Endpoint.Port !== undefined) labels.__address__ = joinHostPort(s.Endpoint.Address, s.Endpoint.Port);
  return labels;
}
