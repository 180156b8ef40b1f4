import { AWS_ACCESS_KEYS, AwsClusterSdConfig, readAwsClusterSdConfig } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `rds_sd_configs` entry (or `aws_sd_configs` with `role: rds`), with Prometheus's defaults. */
export interface RdsSdConfig extends AwsClusterSdConfig {
  /** Extra DescribeDBInstances filters, beside the one selecting each cluster's instances. */
  filters: Array<{ name: string; values: string[] }>;
}

export const RDS_KEYS = [...AWS_ACCESS_KEYS, 'clusters', 'request_concurrency', 'filters'];

export function parseRdsSdConfig(raw: unknown): RdsSdConfig {
  const r = ConfigReader.of(raw, 'aws.RDSSDConfig', RDS_KEYS);
  const filters = r.list('filters', (item) => {
    const f = ConfigReader.of(item, 'aws.Filter', ['name', 'values']);
    return { name: f.string('name'), values: f.stringList('values') };
  });
  return { ...readAwsClusterSdConfig(r, 'region must be set for RDS service discovery', 10), filters };
}
