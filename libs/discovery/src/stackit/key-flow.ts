import { randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { providerJson, ProviderRequest } from '../internal/provider-http';
import type { StackitKeyAuth } from './stackit-sd-config';

/** STACKIT's token endpoint for the service-account key flow. */
export const STACKIT_TOKEN_URL = 'https://service-account.api.stackit.cloud/token';

/** A service account key as the STACKIT portal downloads it (the fields the flow reads). */
interface ServiceAccountKey {
  id?: string;
  credentials?: { kid?: string; iss?: string; sub?: string; aud?: string; privateKey?: string };
}

/**
 * STACKIT's service-account key flow, as its SDK (which Prometheus uses) runs it: a JWT signed
 * RS512 with the key's private key (claims `iss`, `sub`, `aud` from the key, header `kid`) is
 * traded at the token endpoint (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`) for an
 * access token, kept until shortly before it expires. When it expires a new assertion is
 * traded (the SDK uses the refresh token instead; the result is the same).
 */
export class StackitKeyFlow {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly auth: StackitKeyAuth,
    private readonly tokenUrl: string,
  ) {}

  async accessToken(request: ProviderRequest, now = Date.now()): Promise<string> {
    if (this.token && now < this.token.expiresAt) return this.token.value;
    const key = this.readKey();
    const assertion = signedAssertion(key, this.readPrivateKey(key), now);
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const { json } = await providerJson<{ access_token?: string; expires_in?: number }>(
      this.tokenUrl,
      // The token request is the one call that must not carry `<http_config>` credentials.
      { ...request, client: undefined, method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      'stackit token',
    );
    if (!json.access_token) throw new Error('stackit token: the answer carries no access_token');
    // Renew a minute early so a request never leaves with a token about to expire.
    const lifetimeMs = Math.max((json.expires_in ?? 600) * 1000 - 60_000, 0);
    this.token = { value: json.access_token, expiresAt: now + lifetimeMs };
    return json.access_token;
  }

  private readKey(): ServiceAccountKey {
    const text = this.auth.serviceAccountKey || readSecretFile(this.auth.serviceAccountKeyPath, 'service account key');
    try {
      return JSON.parse(text) as ServiceAccountKey;
    } catch {
      // Never echo the key: it may hold the private key.
      throw new Error('stackit: the service account key is not valid JSON');
    }
  }

  /** The explicit private key first, then the credentials file's, then the one inside the key. */
  private readPrivateKey(key: ServiceAccountKey): string {
    if (this.auth.privateKey) return this.auth.privateKey;
    if (this.auth.privateKeyPath) return readSecretFile(this.auth.privateKeyPath, 'private key');
    if (this.auth.credentialsFilePath) {
      const file = JSON.parse(readSecretFile(this.auth.credentialsFilePath, 'credentials file')) as Record<string, string>;
      if (file.STACKIT_PRIVATE_KEY) return file.STACKIT_PRIVATE_KEY;
      if (file.STACKIT_PRIVATE_KEY_PATH) return readSecretFile(file.STACKIT_PRIVATE_KEY_PATH, 'private key');
    }
    if (key.credentials?.privateKey) return key.credentials.privateKey;
    throw new Error('stackit: the service account key has no private key and none is configured (private_key, private_key_path)');
  }
}

/**
 * The self-signed JWT. Node's crypto signs it; a JOSE library would add nothing for one fixed
 * algorithm and the well-kept one (jose) ships only as an ES module.
 */
function signedAssertion(key: ServiceAccountKey, privateKey: string, now: number): string {
  const c = key.credentials ?? {};
  const iat = Math.floor(now / 1000);
  const header = { alg: 'RS512', typ: 'JWT', kid: c.kid };
  const claims = { iss: c.iss, sub: c.sub, aud: c.aud, jti: randomUUID(), iat, exp: iat + 600 };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = sign('sha512', Buffer.from(input), privateKey);
  } catch (err) {
    throw new Error(`stackit: cannot sign with the private key: ${(err as Error).message.split('\n')[0]}`);
  }
  return `${input}.${signature.toString('base64url')}`;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

function readSecretFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new Error(`stackit: cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
