import { AWS_ACCESS_KEYS, AwsClusterSdConfig, readAwsClusterSdConfig } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `ecs_sd_configs` entry (or `aws_sd_configs` with `role: ecs`), with Prometheus's defaults. */
export type EcsSdConfig = AwsClusterSdConfig;

export const ECS_KEYS = [...AWS_ACCESS_KEYS, 'clusters', 'request_concurrency'];

export function parseEcsSdConfig(raw: unknown): EcsSdConfig {
  // 20 matches the sustained rate AWS allows for ECS read actions.
  return readAwsClusterSdConfig(ConfigReader.of(raw, 'aws.ECSSDConfig', ECS_KEYS), 'ECS SD configuration requires a region', 20);
}
