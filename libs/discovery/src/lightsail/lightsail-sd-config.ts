import { ConfigPathError } from '@periskop/common';
import { readAwsAccess, readAwsEndpoint } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';

/** One `lightsail_sd_configs` entry, with Prometheus's defaults. */
export interface LightsailSdConfig {
  region: string;
  endpoint: string;
  accessKey: string;
  secretKey: string;
  profile: string;
  refreshIntervalMs: number;
  port: number;
}

// As for ec2_sd_configs, role_arn and <http_config> are refused rather than ignored.
const KEYS = ['region', 'endpoint', 'access_key', 'secret_key', 'profile', 'refresh_interval', 'port'];

export function parseLightsailSdConfig(raw: unknown): LightsailSdConfig {
  const r = ConfigReader.of(raw, 'aws.LightsailSDConfig', KEYS);
  const region = r.string('region');
  if (region === '') throw new ConfigPathError(['region'], 'Lightsail SD configuration requires a region');
  const endpoint = readAwsEndpoint(r);
  return { region, endpoint, ...readAwsAccess(r) };
}
