import { ConfigPathError } from '@periskop/common';
import { AWS_ACCESS_KEYS, AwsAccessConfig, readAwsAccess, readAwsEndpoint } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `ec2_sd_configs` entry, with Prometheus's defaults. */
export interface Ec2SdConfig extends AwsAccessConfig {
  region: string;
  /** Endpoint override (an EC2-compatible API, or a local fake in tests); empty = AWS's. */
  endpoint: string;
  filters: Array<{ name: string; values: string[] }>;
}

// <http_config> is refused as unknown keys rather than ignored.
const KEYS = [...AWS_ACCESS_KEYS, 'filters'];

export function parseEc2SdConfig(raw: unknown): Ec2SdConfig {
  const r = ConfigReader.of(raw, 'aws.EC2SDConfig', KEYS);
  // Prometheus falls back to the SDK's region (environment, profile) and the instance metadata
  // service; this project asks for it explicitly so a config means the same everywhere.
  const region = r.string('region');
  if (region === '') throw new ConfigPathError(['region'], 'EC2 SD configuration requires a region');
  const filters = r.list('filters', (item) => {
    const f = ConfigReader.of(item, 'aws.EC2Filter', ['name', 'values']);
    const values = f.stringList('values');
    if (values.length === 0) throw new ConfigPathError(['values'], 'EC2 SD configuration filter values cannot be empty');
    return { name: f.string('name'), values };
  });
  const endpoint = readAwsEndpoint(r);
  return { region, endpoint, ...readAwsAccess(r), filters };
}
