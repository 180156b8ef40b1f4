import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { sanitizeLabelName } from '../label-names';
import { labelValue } from '../internal/aws-label-value';
import type { Labels } from '../target-group';

export const RDS_CLUSTER_PREFIX = '__meta_rds_cluster_';
export const RDS_INSTANCE_PREFIX = '__meta_rds_instance_';

/**
 * Label name (after the cluster prefix) → DBCluster field. Every field AWS reports becomes a
 * label; strings as they are, booleans `true`/`false`, numbers in decimal, times RFC 3339.
 */
const CLUSTER_FIELDS: ReadonlyArray<[string, keyof DBCluster]> = [
  ['activity_stream_kinesis_stream_name', 'ActivityStreamKinesisStreamName'],
  ['activity_stream_kms_key_id', 'ActivityStreamKmsKeyId'],
  ['activity_stream_mode', 'ActivityStreamMode'],
  ['activity_stream_status', 'ActivityStreamStatus'],
  ['allocated_storage', 'AllocatedStorage'],
  ['auto_minor_version_upgrade', 'AutoMinorVersionUpgrade'],
  ['automatic_restart_time', 'AutomaticRestartTime'],
  ['aws_backup_recovery_point_arn', 'AwsBackupRecoveryPointArn'],
  ['backtrack_consumed_change_records', 'BacktrackConsumedChangeRecords'],
  ['backtrack_window', 'BacktrackWindow'],
  ['backup_retention_period', 'BackupRetentionPeriod'],
  ['capacity', 'Capacity'],
  ['character_set_name', 'CharacterSetName'],
  ['clone_group_id', 'CloneGroupId'],
  ['cluster_create_time', 'ClusterCreateTime'],
  ['cluster_scalability_type', 'ClusterScalabilityType'],
  ['copy_tags_to_snapshot', 'CopyTagsToSnapshot'],
  ['cross_account_clone', 'CrossAccountClone'],
  ['arn', 'DBClusterArn'],
  ['identifier', 'DBClusterIdentifier'],
  ['instance_class', 'DBClusterInstanceClass'],
  ['parameter_group', 'DBClusterParameterGroup'],
  ['subnet_group', 'DBSubnetGroup'],
  ['db_system_id', 'DBSystemId'],
  ['database_insights_mode', 'DatabaseInsightsMode'],
  ['database_name', 'DatabaseName'],
  ['resource_id', 'DbClusterResourceId'],
  ['deletion_protection', 'DeletionProtection'],
  ['earliest_backtrack_time', 'EarliestBacktrackTime'],
  ['earliest_restorable_time', 'EarliestRestorableTime'],
  ['endpoint', 'Endpoint'],
  ['engine', 'Engine'],
  ['engine_lifecycle_support', 'EngineLifecycleSupport'],
  ['engine_mode', 'EngineMode'],
  ['engine_version', 'EngineVersion'],
  ['global_cluster_identifier', 'GlobalClusterIdentifier'],
  ['global_write_forwarding_requested', 'GlobalWriteForwardingRequested'],
  ['global_write_forwarding_status', 'GlobalWriteForwardingStatus'],
  ['hosted_zone_id', 'HostedZoneId'],
  ['http_endpoint_enabled', 'HttpEndpointEnabled'],
  ['iam_database_authentication_enabled', 'IAMDatabaseAuthenticationEnabled'],
  ['io_optimized_next_allowed_modification_time', 'IOOptimizedNextAllowedModificationTime'],
  ['iops', 'Iops'],
  ['kms_key_id', 'KmsKeyId'],
  ['latest_restorable_time', 'LatestRestorableTime'],
  ['local_write_forwarding_status', 'LocalWriteForwardingStatus'],
  ['master_username', 'MasterUsername'],
  ['monitoring_interval', 'MonitoringInterval'],
  ['monitoring_role_arn', 'MonitoringRoleArn'],
  ['multi_az', 'MultiAZ'],
  ['network_type', 'NetworkType'],
  ['percent_progress', 'PercentProgress'],
  ['performance_insights_enabled', 'PerformanceInsightsEnabled'],
  ['performance_insights_kms_key_id', 'PerformanceInsightsKMSKeyId'],
  ['performance_insights_retention_period', 'PerformanceInsightsRetentionPeriod'],
  ['port', 'Port'],
  ['preferred_backup_window', 'PreferredBackupWindow'],
  ['preferred_maintenance_window', 'PreferredMaintenanceWindow'],
  ['publicly_accessible', 'PubliclyAccessible'],
  ['reader_endpoint', 'ReaderEndpoint'],
  ['replication_source_identifier', 'ReplicationSourceIdentifier'],
  ['serverless_v2_platform_version', 'ServerlessV2PlatformVersion'],
  ['status', 'Status'],
  ['storage_encrypted', 'StorageEncrypted'],
  ['storage_encryption_type', 'StorageEncryptionType'],
  ['storage_throughput', 'StorageThroughput'],
  ['storage_type', 'StorageType'],
  ['upgrade_rollout_order', 'UpgradeRolloutOrder'],
];

/** Label name (after the instance prefix) → DBInstance field; nested endpoints are handled apart. */
const INSTANCE_FIELDS: ReadonlyArray<[string, keyof DBInstance]> = [
  ['activity_stream_engine_native_audit_fields_included', 'ActivityStreamEngineNativeAuditFieldsIncluded'],
  ['activity_stream_kinesis_stream_name', 'ActivityStreamKinesisStreamName'],
  ['activity_stream_kms_key_id', 'ActivityStreamKmsKeyId'],
  ['activity_stream_mode', 'ActivityStreamMode'],
  ['activity_stream_policy_status', 'ActivityStreamPolicyStatus'],
  ['activity_stream_status', 'ActivityStreamStatus'],
  ['allocated_storage', 'AllocatedStorage'],
  ['auto_minor_version_upgrade', 'AutoMinorVersionUpgrade'],
  ['automatic_restart_time', 'AutomaticRestartTime'],
  ['automation_mode', 'AutomationMode'],
  ['availability_zone', 'AvailabilityZone'],
  ['aws_backup_recovery_point_arn', 'AwsBackupRecoveryPointArn'],
  ['backup_retention_period', 'BackupRetentionPeriod'],
  ['backup_target', 'BackupTarget'],
  ['ca_certificate_identifier', 'CACertificateIdentifier'],
  ['character_set_name', 'CharacterSetName'],
  ['copy_tags_to_snapshot', 'CopyTagsToSnapshot'],
  ['custom_iam_instance_profile', 'CustomIamInstanceProfile'],
  ['customer_owned_ip_enabled', 'CustomerOwnedIpEnabled'],
  ['db_cluster_identifier', 'DBClusterIdentifier'],
  ['arn', 'DBInstanceArn'],
  ['class', 'DBInstanceClass'],
  ['identifier', 'DBInstanceIdentifier'],
  ['status', 'DBInstanceStatus'],
  ['db_name', 'DBName'],
  ['port', 'DbInstancePort'],
  ['resource_id', 'DbiResourceId'],
  ['dedicated_log_volume', 'DedicatedLogVolume'],
  ['deletion_protection', 'DeletionProtection'],
  ['engine', 'Engine'],
  ['engine_lifecycle_support', 'EngineLifecycleSupport'],
  ['engine_version', 'EngineVersion'],
  ['enhanced_monitoring_resource_arn', 'EnhancedMonitoringResourceArn'],
  ['iam_database_authentication_enabled', 'IAMDatabaseAuthenticationEnabled'],
  ['instance_create_time', 'InstanceCreateTime'],
  ['iops', 'Iops'],
  ['is_storage_config_upgrade_available', 'IsStorageConfigUpgradeAvailable'],
  ['kms_key_id', 'KmsKeyId'],
  ['latest_restorable_time', 'LatestRestorableTime'],
  ['license_model', 'LicenseModel'],
  ['master_username', 'MasterUsername'],
  ['max_allocated_storage', 'MaxAllocatedStorage'],
  ['monitoring_interval', 'MonitoringInterval'],
  ['monitoring_role_arn', 'MonitoringRoleArn'],
  ['multi_az', 'MultiAZ'],
  ['multi_tenant', 'MultiTenant'],
  ['nchar_character_set_name', 'NcharCharacterSetName'],
  ['network_type', 'NetworkType'],
  ['percent_progress', 'PercentProgress'],
  ['performance_insights_enabled', 'PerformanceInsightsEnabled'],
  ['performance_insights_kms_key_id', 'PerformanceInsightsKMSKeyId'],
  ['performance_insights_retention_period', 'PerformanceInsightsRetentionPeriod'],
  ['preferred_backup_window', 'PreferredBackupWindow'],
  ['preferred_maintenance_window', 'PreferredMaintenanceWindow'],
  ['promotion_tier', 'PromotionTier'],
  ['publicly_accessible', 'PubliclyAccessible'],
  ['read_replica_source_db_cluster_identifier', 'ReadReplicaSourceDBClusterIdentifier'],
  ['read_replica_source_db_instance_identifier', 'ReadReplicaSourceDBInstanceIdentifier'],
  ['replica_mode', 'ReplicaMode'],
  ['resume_full_automation_mode_time', 'ResumeFullAutomationModeTime'],
  ['secondary_availability_zone', 'SecondaryAvailabilityZone'],
  ['storage_encrypted', 'StorageEncrypted'],
  ['storage_encryption_type', 'StorageEncryptionType'],
  ['storage_throughput', 'StorageThroughput'],
  ['storage_type', 'StorageType'],
  ['storage_volume_status', 'StorageVolumeStatus'],
  ['tde_credential_arn', 'TdeCredentialArn'],
  ['timezone', 'Timezone'],
  ['upgrade_rollout_order', 'UpgradeRolloutOrder'],
  ['db_system_id', 'DBSystemId'],
  ['database_insights_mode', 'DatabaseInsightsMode'],
];

function setFields<T extends object>(labels: Labels, prefix: string, source: T, fields: ReadonlyArray<[string, keyof T]>): void {
  for (const [name, field] of fields) {
    const value = labelValue(source[field]);
    if (value !== undefined) labels[prefix + name] = value;
  }
}

function setTags(labels: Labels, prefix: string, tags: Array<{ Key?: string; Value?: string }> | undefined): void {
  for (const t of tags ?? []) if (t.Key !== undefined && t.Value !== undefined) labels[prefix + 'tag_' + sanitizeLabelName(t.Key)] = t.Value;
}

/** The labels describing a DB cluster, shared by every instance of it. */
export function clusterLabels(cluster: DBCluster): Labels {
  const labels: Labels = {};
  setFields(labels, RDS_CLUSTER_PREFIX, cluster, CLUSTER_FIELDS);
  setTags(labels, RDS_CLUSTER_PREFIX, cluster.TagList);
  return labels;
}

/** Adds an instance's labels; `writers` is the cluster's member → IsClusterWriter map. */
export function addInstanceLabels(labels: Labels, instance: DBInstance, writers: Map<string, boolean>): void {
  const P = RDS_INSTANCE_PREFIX;
  setFields(labels, P, instance, INSTANCE_FIELDS);
  const writer = instance.DBInstanceIdentifier === undefined ? undefined : writers.get(instance.DBInstanceIdentifier);
  if (writer !== undefined) labels[P + 'is_cluster_writer'] = String(writer);
  for (const [prefix, endpoint] of [
    ['endpoint_', instance.Endpoint],
    ['listener_endpoint_', instance.ListenerEndpoint],
  ] as const) {
    if (!endpoint) continue;
    setFields(labels, P + prefix, endpoint, [
      ['address', 'Address'],
      ['hosted_zone_id', 'HostedZoneId'],
      ['port', 'Port'],
    ]);
  }
  const subnetGroup = labelValue(instance.DBSubnetGroup?.DBSubnetGroupName);
  if (subnetGroup !== undefined) labels[P + 'subnet_group'] = subnetGroup;
  setTags(labels, P, instance.TagList);
}
