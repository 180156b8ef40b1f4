import { AWS_ACCESS_KEYS, AwsClusterSdConfig, readAwsClusterSdConfig } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `elasticache_sd_configs` entry (or `aws_sd_configs` with `role: elasticache`), with Prometheus's defaults. */
export type ElasticacheSdConfig = AwsClusterSdConfig;

export const ELASTICACHE_KEYS = [...AWS_ACCESS_KEYS, 'clusters', 'request_concurrency'];

export function parseElasticacheSdConfig(raw: unknown): ElasticacheSdConfig {
  return readAwsClusterSdConfig(ConfigReader.of(raw, 'aws.ElasticacheSDConfig', ELASTICACHE_KEYS), 'region must be set for Elasticache service discovery', 20);
}
