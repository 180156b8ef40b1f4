import { readFileSync } from 'node:fs';
import type { DiscoveryOptions } from '../discoverer';
import { CachedToken, expiresInSeconds } from '../internal/cached-token';
import { providerJson, ProviderRequest } from '../internal/provider-http';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { AzureSdConfig } from './azure-sd-config';

/** The instance metadata service every Azure VM reaches; `vendorEndpoints.azure_imds` replaces it in tests. */
export const AZURE_IMDS_ENDPOINT = 'http://169.254.169.254';

type Request = (signal: AbortSignal) => ProviderRequest;

/**
 * The Entra ID token for Resource Manager, by `authentication_method`:
 * - OAuth: client-credentials grant with the configured client secret;
 * - ManagedIdentity: the VM's identity from IMDS (`client_id` picks a user-assigned one);
 * - WorkloadIdentity: the federated token file (AZURE_FEDERATED_TOKEN_FILE) as client assertion;
 * - SDK: the Azure SDK's environment chain — a client secret from AZURE_TENANT_ID/AZURE_CLIENT_ID/
 *   AZURE_CLIENT_SECRET, else workload identity, else managed identity. The SDK's developer
 *   credentials (Azure CLI, PowerShell, azd) are not part of this chain.
 * Secrets go only into request bodies; no error or log line carries them.
 */
export function azureCredential(config: AzureSdConfig, options: DiscoveryOptions, request: Request, env: NodeJS.ProcessEnv = process.env): CachedToken {
  const login = vendorEndpoint(options, 'azure_login', config.cloud.loginHost);
  const imds = vendorEndpoint(options, 'azure_imds', AZURE_IMDS_ENDPOINT);
  // Tokens are issued for Resource Manager of the configured cloud, whatever host the API is reached on.
  const resource = config.cloud.managementHost;
  const secretGrant = (tenant: string, clientId: string, secret: string) => (signal: AbortSignal) =>
    tokenGrant(login, tenant, { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: `${resource}/.default` }, request(signal));
  const workloadGrant = (tenant: string, clientId: string, tokenFile: string) => (signal: AbortSignal) =>
    tokenGrant(
      login,
      tenant,
      {
        grant_type: 'client_credentials',
        client_id: clientId,
        scope: `${resource}/.default`,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        // Read at every renewal: the kubelet rotates the projected token.
        client_assertion: readFileSync(tokenFile, 'utf8').trim(),
      },
      request(signal),
    );
  const managedIdentity = (clientId: string) => (signal: AbortSignal) => imdsToken(imds, resource, clientId, request(signal));

  switch (config.authenticationMethod) {
    case 'OAuth':
      return new CachedToken(secretGrant(config.tenantId, config.clientId, config.clientSecret));
    case 'ManagedIdentity':
      return new CachedToken(managedIdentity(config.clientId));
    case 'WorkloadIdentity': {
      const tenant = config.tenantId || env.AZURE_TENANT_ID || '';
      const clientId = config.clientId || env.AZURE_CLIENT_ID || '';
      const tokenFile = env.AZURE_FEDERATED_TOKEN_FILE ?? '';
      return new CachedToken(async (signal) => {
        if (!tenant || !clientId || !tokenFile) throw new Error('WorkloadIdentity needs tenant_id (or AZURE_TENANT_ID), client_id (or AZURE_CLIENT_ID) and AZURE_FEDERATED_TOKEN_FILE');
        return workloadGrant(tenant, clientId, tokenFile)(signal);
      });
    }
    case 'SDK': {
      const tenant = config.tenantId || env.AZURE_TENANT_ID || '';
      const clientId = env.AZURE_CLIENT_ID ?? '';
      if (tenant && clientId && env.AZURE_CLIENT_SECRET) return new CachedToken(secretGrant(tenant, clientId, env.AZURE_CLIENT_SECRET));
      if (tenant && clientId && env.AZURE_FEDERATED_TOKEN_FILE) return new CachedToken(workloadGrant(tenant, clientId, env.AZURE_FEDERATED_TOKEN_FILE));
      return new CachedToken(managedIdentity(clientId));
    }
  }
}

async function tokenGrant(login: string, tenant: string, form: Record<string, string>, request: ProviderRequest): Promise<{ token: string; expiresInSeconds: number }> {
  const url = `${login}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  const { json } = await providerJson<{ access_token?: string; expires_in?: unknown }>(
    url,
    { ...request, method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    'could not get an Azure token',
  );
  if (!json.access_token) throw new Error(`could not get an Azure token: ${url} answered without access_token`);
  return { token: json.access_token, expiresInSeconds: expiresInSeconds(json.expires_in) };
}

async function imdsToken(imds: string, resource: string, clientId: string, request: ProviderRequest): Promise<{ token: string; expiresInSeconds: number }> {
  const query = new URLSearchParams({ 'api-version': '2018-02-01', resource: `${resource}/` });
  if (clientId) query.set('client_id', clientId);
  const url = `${imds}/metadata/identity/oauth2/token?${query}`;
  const { json } = await providerJson<{ access_token?: string; expires_in?: unknown }>(url, { ...request, headers: { Metadata: 'true' } }, 'could not get a managed identity token');
  if (!json.access_token) throw new Error('could not get a managed identity token: IMDS answered without access_token');
  return { token: json.access_token, expiresInSeconds: expiresInSeconds(json.expires_in) };
}
