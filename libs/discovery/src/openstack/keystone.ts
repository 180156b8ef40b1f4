import { httpGet, redactUrl } from '../internal/http-request';
import { providerJson, ProviderRequest } from '../internal/provider-http';
import type { OpenstackAvailability, OpenstackCredentials } from './openstack-sd-config';

/** A service of a Keystone v3 token's catalog. */
export interface CatalogService {
  type: string;
  name?: string;
  endpoints: Array<{ interface: string; region?: string | null; region_id?: string | null; url: string }>;
}

export interface KeystoneSession {
  /** The `X-Subject-Token`, sent as `X-Auth-Token`; never logged. */
  token: string;
  catalog: CatalogService[];
}

/**
 * gophercloud's AuthOptionsFromEnv, which Prometheus uses when `identity_endpoint` is empty:
 * the usual `OS_*` variables of an openrc file.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): OpenstackCredentials {
  const get = (name: string) => env[name] ?? '';
  const identityEndpoint = get('OS_AUTH_URL');
  if (identityEndpoint === '') throw new Error('Missing environment variable [OS_AUTH_URL]');
  const credentials: OpenstackCredentials = {
    identityEndpoint,
    username: get('OS_USERNAME'),
    userId: get('OS_USERID'),
    password: get('OS_PASSWORD'),
    projectName: get('OS_PROJECT_NAME') || get('OS_TENANT_NAME'),
    projectId: get('OS_PROJECT_ID') || get('OS_TENANT_ID'),
    domainName: get('OS_DOMAIN_NAME'),
    domainId: get('OS_DOMAIN_ID'),
    applicationCredentialName: get('OS_APPLICATION_CREDENTIAL_NAME'),
    applicationCredentialId: get('OS_APPLICATION_CREDENTIAL_ID'),
    applicationCredentialSecret: get('OS_APPLICATION_CREDENTIAL_SECRET'),
  };
  if (!usesApplicationCredential(credentials)) {
    if (!credentials.username && !credentials.userId) throw new Error('Missing one of the following environment variables [OS_USERID, OS_USERNAME]');
    if (!credentials.password) throw new Error('Missing environment variable [OS_PASSWORD]');
  }
  return credentials;
}

function usesApplicationCredential(c: OpenstackCredentials): boolean {
  return Boolean(c.applicationCredentialId || c.applicationCredentialName);
}

/**
 * Logs in to Keystone v3 (`POST /v3/auth/tokens`) with a password or an application
 * credential, as gophercloud does on every Prometheus refresh, and returns the token and the
 * service catalog it carries.
 */
export async function authenticate(credentials: OpenstackCredentials, request: ProviderRequest): Promise<KeystoneSession> {
  const base = await identityV3(credentials.identityEndpoint, request);
  const res = await providerJson<{ token?: { catalog?: CatalogService[] } }>(
    `${base}/auth/tokens`,
    { ...request, method: 'POST', body: JSON.stringify(tokenRequest(credentials)), headers: { 'Content-Type': 'application/json' } },
    'openstack keystone',
  );
  const token = res.headers['x-subject-token'];
  if (typeof token !== 'string' || token === '') throw new Error('openstack keystone: the answer carries no X-Subject-Token');
  return { token, catalog: res.json.token?.catalog ?? [] };
}

/**
 * The v3 base URL. An endpoint already ending in `/v3` is used as is; otherwise, like
 * gophercloud's version negotiation, the endpoint's version document names it.
 */
async function identityV3(endpoint: string, request: ProviderRequest): Promise<string> {
  const trimmed = endpoint.replace(/\/+$/, '');
  if (/\/v3$/.test(trimmed)) return trimmed;
  if (/\/v2\.0$/.test(trimmed)) throw new Error('openstack keystone: identity v2.0 is not supported, use a v3 identity_endpoint');
  // Keystone answers its version list with 300 Multiple Choices.
  const res = await httpGet(trimmed, { ...request, headers: { Accept: 'application/json', 'User-Agent': 'Periskop' } });
  if (res.status !== 300 && (res.status < 200 || res.status > 299)) throw new Error(`openstack keystone versions: ${redactUrl(trimmed)} answered HTTP ${res.status} ${res.body.slice(0, 200)}`.trim());
  let json: { versions?: { values?: VersionDoc[] } | VersionDoc[] };
  try {
    json = JSON.parse(res.body);
  } catch (err) {
    throw new Error(`openstack keystone versions: invalid JSON from ${redactUrl(trimmed)}: ${(err as Error).message}`);
  }
  const versions = Array.isArray(json.versions) ? json.versions : (json.versions?.values ?? []);
  const v3 = versions.find((v) => v.id?.startsWith('v3') && v.status !== 'deprecated');
  const self = v3?.links?.find((l) => l.rel === 'self')?.href;
  if (!self) throw new Error(`openstack keystone: ${trimmed} offers no identity v3`);
  return self.replace(/\/+$/, '');
}

interface VersionDoc {
  id?: string;
  status?: string;
  links?: Array<{ rel: string; href: string }>;
}

/** The `auth` document of Keystone's token request, as gophercloud builds it. */
export function tokenRequest(c: OpenstackCredentials): unknown {
  const domain = c.domainId ? { id: c.domainId } : c.domainName ? { name: c.domainName } : undefined;
  if (usesApplicationCredential(c)) {
    const credential = c.applicationCredentialId
      ? { id: c.applicationCredentialId, secret: c.applicationCredentialSecret }
      : { name: c.applicationCredentialName, secret: c.applicationCredentialSecret, user: c.userId ? { id: c.userId } : { name: c.username, domain } };
    // An application credential is bound to its project: no scope may be requested.
    return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
  }
  const user = c.userId ? { id: c.userId, password: c.password } : { name: c.username, domain, password: c.password };
  const scope = c.projectId ? { project: { id: c.projectId } } : c.projectName ? { project: { name: c.projectName, domain } } : domain ? { domain } : undefined;
  return { auth: { identity: { methods: ['password'], password: { user } }, ...(scope ? { scope } : {}) } };
}

/**
 * gophercloud's V3EndpointURL: the one endpoint of the service type on the wanted interface
 * (`availability`) in the region (by name or id).
 */
export function endpointFor(catalog: CatalogService[], type: string, region: string, availability: OpenstackAvailability): string {
  const matches = catalog
    .filter((s) => s.type === type)
    .flatMap((s) => s.endpoints)
    .filter((e) => e.interface === availability && (region === '' || e.region === region || e.region_id === region));
  if (matches.length === 0) throw new Error(`No suitable endpoint could be found in the service catalog (type ${type}, region ${region}, interface ${availability})`);
  if (matches.length > 1) throw new Error(`Discovered ${matches.length} matching endpoints (type ${type}, region ${region}, interface ${availability})`);
  return matches[0].url.replace(/\/+$/, '') + '/';
}
