import { ConfigPathError } from '@periskop/common';
import type { ConfigReader } from './config-reader';

/** The connection fields every AWS mechanism (ec2, lightsail) reads, with Prometheus's defaults. */
export interface AwsAccessConfig {
  accessKey: string;
  secretKey: string;
  profile: string;
  refreshIntervalMs: number;
  port: number;
}

/** `endpoint`: empty for the SDK's default, else a URL (Prometheus's message when it is not). */
export function readAwsEndpoint(r: ConfigReader): string {
  const endpoint = r.string('endpoint');
  if (endpoint !== '') {
    try {
      new URL(endpoint);
    } catch {
      throw new ConfigPathError(['endpoint'], `parse ${JSON.stringify(endpoint)}: invalid URL`);
    }
  }
  return endpoint;
}

export function readAwsAccess(r: ConfigReader): AwsAccessConfig {
  return {
    accessKey: r.string('access_key'),
    secretKey: r.string('secret_key'),
    profile: r.string('profile'),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    port: r.int('port', 80, 0, 65535),
  };
}
