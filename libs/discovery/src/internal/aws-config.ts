import type { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ConfigPathError } from '@periskop/common';
import type { DiscoveryOptions } from '../discoverer';
import { ConfigReader } from './config-reader';
import { vendorEndpoint } from './vendor-endpoint';

/** The connection fields every AWS mechanism reads, with Prometheus's defaults. */
export interface AwsAccessConfig {
  accessKey: string;
  secretKey: string;
  profile: string;
  /** STS AssumeRole: discovery runs with the role's temporary credentials. */
  roleArn: string;
  /** Sent with AssumeRole when the role's trust policy asks for one. */
  externalId: string;
  refreshIntervalMs: number;
  port: number;
}

/** The fields every AWS mechanism accepts (Prometheus's shared AWS block, without `<http_config>`). */
export const AWS_ACCESS_KEYS = ['region', 'endpoint', 'access_key', 'secret_key', 'profile', 'role_arn', 'external_id', 'refresh_interval', 'port'] as const;

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
    roleArn: r.string('role_arn'),
    externalId: r.string('external_id'),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    port: r.int('port', 80, 0, 65535),
  };
}

type StaticKeys = { accessKeyId: string; secretAccessKey: string };

/**
 * The client settings every AWS mechanism builds its SDK client from. Static keys only when
 * both are given; otherwise the SDK's default chain (environment, shared config and `profile`,
 * container and instance roles). With `role_arn`, those credentials only call STS AssumeRole
 * and the client signs with the role's temporary credentials, renewed before they expire.
 * STS is AWS's own endpoint (as in Prometheus, `endpoint` overrides only the service);
 * `vendorEndpoints.sts` points it at a local server in tests.
 */
export function awsClientSettings(config: AwsAccessConfig & { region: string; endpoint: string }, options: DiscoveryOptions) {
  const keys: StaticKeys | undefined = config.accessKey && config.secretKey ? { accessKeyId: config.accessKey, secretAccessKey: config.secretKey } : undefined;
  let credentials: StaticKeys | ReturnType<typeof fromTemporaryCredentials> | undefined = keys;
  if (config.roleArn) {
    // Loaded here, not at the top: the config parsers import this file in every process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { fromTemporaryCredentials: assumeRole } = require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
    credentials = assumeRole({
      params: { RoleArn: config.roleArn, ...(config.externalId ? { ExternalId: config.externalId } : {}) },
      masterCredentials: keys,
      clientConfig: { region: config.region, profile: config.profile || undefined, endpoint: vendorEndpoint(options, 'sts', '') || undefined },
    });
  }
  return { region: config.region, endpoint: config.endpoint || undefined, profile: config.profile || undefined, credentials };
}

/**
 * The shape shared by `ecs_`, `elasticache_`, `msk_` and `rds_sd_configs` (and the matching
 * `aws_sd_configs` roles): the AWS access fields, `clusters` and `request_concurrency`.
 */
export interface AwsClusterSdConfig extends AwsAccessConfig {
  region: string;
  endpoint: string;
  clusters: string[];
  requestConcurrency: number;
}

export function readAwsClusterSdConfig(r: ConfigReader, regionMessage: string, defaultConcurrency: number): AwsClusterSdConfig {
  // Prometheus falls back to the SDK's region and the instance metadata service; this project
  // asks for it explicitly so a config means the same everywhere.
  const region = r.string('region');
  if (region === '') throw new ConfigPathError(['region'], regionMessage);
  return {
    region,
    endpoint: readAwsEndpoint(r),
    ...readAwsAccess(r),
    clusters: r.stringList('clusters'),
    requestConcurrency: r.int('request_concurrency', defaultConcurrency, 1, 1000),
  };
}

/** Credential failures rebuild the client, so rotated keys or a re-created role are picked up. */
export function isAuthFailure(err: unknown): boolean {
  const code = (err as { name?: string }).name ?? '';
  return ['AuthFailure', 'UnauthorizedOperation', 'UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'AccessDenied', 'AccessDeniedException'].includes(
    code,
  );
}
