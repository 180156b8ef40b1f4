import { AWS_ACCESS_KEYS, AwsClusterSdConfig, readAwsClusterSdConfig } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `msk_sd_configs` entry (or `aws_sd_configs` with `role: msk`), with Prometheus's defaults. */
export type MskSdConfig = AwsClusterSdConfig;

export const MSK_KEYS = [...AWS_ACCESS_KEYS, 'clusters', 'request_concurrency'];

export function parseMskSdConfig(raw: unknown): MskSdConfig {
  return readAwsClusterSdConfig(ConfigReader.of(raw, 'aws.MSKSDConfig', MSK_KEYS), 'region must be set for MSK service discovery', 10);
}
