import { createSign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DiscoveryOptions } from '../discoverer';
import { CachedToken, expiresInSeconds } from '../internal/cached-token';
import { providerJson, ProviderRequest } from '../internal/provider-http';
import { vendorEndpoint } from '../internal/vendor-endpoint';

/** The scope Prometheus asks for: read-only Compute Engine. */
export const COMPUTE_READONLY_SCOPE = 'https://www.googleapis.com/auth/compute.readonly';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** The metadata server every GCE VM reaches; `vendorEndpoints.gce_metadata` replaces it in tests. */
export const GCE_METADATA_ENDPOINT = 'http://metadata.google.internal';

interface CredentialsFile {
  type?: string;
  client_email?: string;
  private_key?: string;
  private_key_id?: string;
  token_uri?: string;
  client_id?: string;
  client_secret?: string;
  refresh_token?: string;
}

type Request = (signal: AbortSignal) => ProviderRequest;

/**
 * Google's Application Default Credentials, as Prometheus uses them (golang.org/x/oauth2/google
 * DefaultClient): the JSON file named by GOOGLE_APPLICATION_CREDENTIALS, else gcloud's
 * application_default_credentials.json, else the metadata server of the VM Prometheus runs on.
 * A service-account key is exchanged by the JWT bearer grant (RS256-signed with node:crypto) at
 * its `token_uri`; a gcloud user credential by the refresh-token grant. Keys and secrets are only
 * ever sent to the token endpoint and never appear in errors.
 */
export function gceCredentials(options: DiscoveryOptions, request: Request, env: NodeJS.ProcessEnv = process.env): CachedToken {
  return new CachedToken(async (signal) => {
    const file = credentialsFile(env);
    if (file) return fileToken(file, request(signal));
    const metadata = vendorEndpoint(options, 'gce_metadata', env.GCE_METADATA_HOST ? `http://${env.GCE_METADATA_HOST}` : GCE_METADATA_ENDPOINT);
    const { json } = await providerJson<{ access_token?: string; expires_in?: unknown }>(
      `${metadata}/computeMetadata/v1/instance/service-accounts/default/token?scopes=${encodeURIComponent(COMPUTE_READONLY_SCOPE)}`,
      { ...request(signal), headers: { 'Metadata-Flavor': 'Google' } },
      'could not get a token from the GCE metadata server',
    );
    if (!json.access_token) throw new Error('could not get a token from the GCE metadata server: no access_token');
    return { token: json.access_token, expiresInSeconds: expiresInSeconds(json.expires_in) };
  });
}

function credentialsFile(env: NodeJS.ProcessEnv): { path: string; data: CredentialsFile } | null {
  const wellKnown = join(env.CLOUDSDK_CONFIG ?? join(homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
  const path = env.GOOGLE_APPLICATION_CREDENTIALS || (existsSync(wellKnown) ? wellKnown : '');
  if (!path) return null;
  let data: CredentialsFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as CredentialsFile;
  } catch (err) {
    // The message names the file and the parse problem, never its content.
    throw new Error(`google credentials file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'invalid JSON'}`);
  }
  return { path, data };
}

async function fileToken({ path, data }: { path: string; data: CredentialsFile }, request: ProviderRequest): Promise<{ token: string; expiresInSeconds: number }> {
  const tokenUri = data.token_uri || DEFAULT_TOKEN_URI;
  let form: Record<string, string>;
  if (data.type === 'service_account') {
    if (!data.client_email || !data.private_key) throw new Error(`google credentials file ${path}: a service_account key needs client_email and private_key`);
    form = { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: serviceAccountJwt(data.client_email, data.private_key, data.private_key_id, tokenUri) };
  } else if (data.type === 'authorized_user') {
    if (!data.client_id || !data.client_secret || !data.refresh_token)
      throw new Error(`google credentials file ${path}: an authorized_user credential needs client_id, client_secret and refresh_token`);
    form = { grant_type: 'refresh_token', client_id: data.client_id, client_secret: data.client_secret, refresh_token: data.refresh_token };
  } else {
    throw new Error(`google credentials file ${path}: unsupported credential type ${JSON.stringify(data.type ?? '')} (service_account or authorized_user)`);
  }
  const { json } = await providerJson<{ access_token?: string; expires_in?: unknown }>(
    tokenUri,
    { ...request, method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
    'could not get a Google token',
  );
  if (!json.access_token) throw new Error(`could not get a Google token: ${tokenUri} answered without access_token`);
  return { token: json.access_token, expiresInSeconds: expiresInSeconds(json.expires_in) };
}

/** The signed assertion of RFC 7523 §2.1 that Google's token endpoint trades for an access token. */
export function serviceAccountJwt(email: string, privateKey: string, keyId: string | undefined, audience: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: 'RS256', typ: 'JWT', ...(keyId ? { kid: keyId } : {}) });
  const claims = b64({ iss: email, scope: COMPUTE_READONLY_SCOPE, aud: audience, iat: nowSeconds, exp: nowSeconds + 3600 });
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(privateKey).toString('base64url');
  return `${header}.${claims}.${signature}`;
}
