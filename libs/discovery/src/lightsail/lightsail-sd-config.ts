import { ConfigPathError } from '@periskop/common';
import { AWS_ACCESS_KEYS, AwsAccessConfig, readAwsAccess, readAwsEndpoint } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `lightsail_sd_configs` entry, with Prometheus's defaults. */
export interface LightsailSdConfig extends AwsAccessConfig {
  region: string;
  endpoint: string;
}

// As for ec2_sd_configs, <http_config> is refused rather than ignored.
const KEYS = [...AWS_ACCESS_KEYS];

export function parseLightsailSdConfig(raw: unknown): LightsailSdConfig {
  const r = ConfigReader.of(raw, 'aws.LightsailSDConfig', KEYS);
  const region = r.string('region');
  if (region === '') throw new ConfigPathError(['region'], 'Lightsail SD configuration requires a region');
  const endpoint = readAwsEndpoint(r);
  return { region, endpoint, ...readAwsAccess(r) };
}
