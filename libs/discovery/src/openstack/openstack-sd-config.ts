import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

export type OpenstackRole = 'instance' | 'hypervisor' | 'loadbalancer';
export type OpenstackAvailability = 'public' | 'internal' | 'admin';

/**
 * How to reach Keystone. Without `identity_endpoint` Prometheus reads the `OS_*` variables
 * (gophercloud's AuthOptionsFromEnv), so they are resolved when discovery runs, not here.
 */
export interface OpenstackCredentials {
  identityEndpoint: string;
  username: string;
  userId: string;
  password: string;
  projectName: string;
  projectId: string;
  domainName: string;
  domainId: string;
  applicationCredentialName: string;
  applicationCredentialId: string;
  applicationCredentialSecret: string;
}

/** One `openstack_sd_configs` entry, with Prometheus's defaults. */
export interface OpenstackSdConfig {
  role: OpenstackRole;
  region: string;
  availability: OpenstackAvailability;
  allTenants: boolean;
  port: number;
  refreshIntervalMs: number;
  /** null: the `OS_*` environment variables. */
  credentials: OpenstackCredentials | null;
  /** Only `tls_config` of `<http_config>` applies, as in Prometheus. */
  client: HttpClientConfig;
}

const KEYS = [
  'identity_endpoint',
  'username',
  'userid',
  'password',
  'project_name',
  'project_id',
  'domain_name',
  'domain_id',
  'application_credential_name',
  'application_credential_id',
  'application_credential_secret',
  'role',
  'region',
  'refresh_interval',
  'port',
  'all_tenants',
  'tls_config',
  'availability',
];

export function parseOpenstackSdConfig(raw: unknown, baseDir: string): OpenstackSdConfig {
  const r = ConfigReader.of(raw, 'openstack.SDConfig', KEYS);
  // Prometheus's order of checks: availability, then role, then region.
  const availability = r.string('availability', 'public');
  if (availability !== 'public' && availability !== 'internal' && availability !== 'admin') {
    throw new ConfigPathError(['availability'], `unknown availability ${availability}, must be one of admin, internal or public`);
  }
  const role = r.string('role');
  if (role === '') throw new ConfigPathError(['role'], 'role missing (one of: instance, hypervisor, loadbalancer)');
  if (role !== 'instance' && role !== 'hypervisor' && role !== 'loadbalancer') throw new ConfigPathError(['role'], `unknown OpenStack SD role ${JSON.stringify(role)}`);
  const region = r.string('region');
  if (region === '') throw new ConfigPathError(['region'], 'openstack SD configuration requires a region');
  const identityEndpoint = r.string('identity_endpoint');
  return {
    role,
    region,
    availability,
    allTenants: r.bool('all_tenants', false),
    port: r.int('port', 80, 0, 65535),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    credentials:
      identityEndpoint === ''
        ? null
        : {
            identityEndpoint,
            username: r.string('username'),
            userId: r.string('userid'),
            password: r.string('password'),
            projectName: r.string('project_name'),
            projectId: r.string('project_id'),
            domainName: r.string('domain_name'),
            domainId: r.string('domain_id'),
            applicationCredentialName: r.string('application_credential_name'),
            applicationCredentialId: r.string('application_credential_id'),
            applicationCredentialSecret: r.string('application_credential_secret'),
          },
    client: parseHttpClientConfig(r, baseDir),
  };
}
