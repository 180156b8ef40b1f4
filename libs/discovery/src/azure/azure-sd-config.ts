import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

export const AZURE_AUTH_METHODS = ['OAuth', 'ManagedIdentity', 'WorkloadIdentity', 'SDK'] as const;
export type AzureAuthMethod = (typeof AZURE_AUTH_METHODS)[number];

/** Where an Azure cloud lives: its Entra ID login host and its Resource Manager host. */
export interface AzureCloud {
  loginHost: string;
  managementHost: string;
}

const PUBLIC: AzureCloud = { loginHost: 'https://login.microsoftonline.com', managementHost: 'https://management.azure.com' };
const CHINA: AzureCloud = { loginHost: 'https://login.chinacloudapi.cn', managementHost: 'https://management.chinacloudapi.cn' };
const US_GOVERNMENT: AzureCloud = { loginHost: 'https://login.microsoftonline.us', managementHost: 'https://management.usgovcloudapi.net' };

/** Prometheus's environment names (case-insensitive); AzureGermanCloud was retired and maps to the public cloud, as there. */
const ENVIRONMENTS: Record<string, AzureCloud> = {
  AZURECHINACLOUD: CHINA,
  AZURECLOUD: PUBLIC,
  AZUREGERMANCLOUD: PUBLIC,
  AZUREPUBLICCLOUD: PUBLIC,
  AZUREUSGOVERNMENT: US_GOVERNMENT,
  AZUREUSGOVERNMENTCLOUD: US_GOVERNMENT,
};

/** One `azure_sd_configs` entry, with Prometheus's defaults. */
export interface AzureSdConfig {
  environment: string;
  cloud: AzureCloud;
  authenticationMethod: AzureAuthMethod;
  subscriptionId: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  resourceGroup: string;
  refreshIntervalMs: number;
  port: number;
  client: HttpClientConfig;
}

/**
 * Prometheus's keys. Of `<http_config>` only TLS and redirects are accepted: Prometheus documents
 * basic_auth, authorization and oauth2 as "not supported by Azure" (requests carry the Entra ID
 * token), and proxies are not implemented here.
 */
const KEYS = [
  'environment',
  'authentication_method',
  'subscription_id',
  'tenant_id',
  'client_id',
  'client_secret',
  'resource_group',
  'refresh_interval',
  'port',
  'tls_config',
  'follow_redirects',
  'enable_http2',
];

export function parseAzureSdConfig(raw: unknown, baseDir: string): AzureSdConfig {
  const r = ConfigReader.of(raw, 'azure.SDConfig', KEYS);
  const required = (key: string) => {
    const value = r.string(key);
    if (value === '') throw new ConfigPathError([key], `azure SD configuration requires a ${key}`);
    return value;
  };
  const subscriptionId = required('subscription_id');
  const method = r.string('authentication_method', 'OAuth');
  if (method === 'OAuth') {
    required('tenant_id');
    required('client_id');
    required('client_secret');
  }
  if (!(AZURE_AUTH_METHODS as readonly string[]).includes(method)) {
    throw new ConfigPathError(['authentication_method'], `unknown authentication_type ${JSON.stringify(method)}. Supported types are "OAuth", "ManagedIdentity", "WorkloadIdentity" or "SDK"`);
  }
  const environment = r.string('environment', 'AzurePublicCloud');
  // Prometheus finds out at the first refresh; naming it here lets check-config catch it.
  const cloud = ENVIRONMENTS[environment.toUpperCase()];
  if (!cloud) throw new ConfigPathError(['environment'], `there is no cloud configuration matching the name ${JSON.stringify(environment.toUpperCase())}`);
  return {
    environment,
    cloud,
    authenticationMethod: method as AzureAuthMethod,
    subscriptionId,
    tenantId: r.string('tenant_id'),
    clientId: r.string('client_id'),
    clientSecret: r.string('client_secret'),
    resourceGroup: r.string('resource_group'),
    refreshIntervalMs: r.duration('refresh_interval', 300_000),
    port: r.int('port', 80, 0, 65535),
    client: parseHttpClientConfig(r, baseDir),
  };
}
