import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { httpGet } from '../internal/http-request';
import { providerJson, ProviderRequest } from '../internal/provider-http';
import { OciSigningKey, signOciRequest } from './oci-request-signer';

/** The instance metadata service of OCI VMs; `vendorEndpoints.oci_imds` replaces it in tests. */
export const OCI_IMDS_ENDPOINT = 'http://169.254.169.254';
export const ociAuthEndpoint = (region: string) => `https://auth.${region}.oraclecloud.com`;

/** Sessions are renewed this long before the token's `exp`. */
const EARLY_RENEWAL_MS = 5 * 60_000;

/**
 * OCI instance principals: the VM's identity certificate and key from the metadata service are
 * traded at the regional auth service (`POST /v1/x509`, signed with that key under
 * `<tenancy>/fed-x509-sha256/<certificate fingerprint>`) for a session token bound to a fresh
 * key pair; API requests are then signed with the session key under `ST$<token>`.
 */
export class OciInstancePrincipal {
  private session: (OciSigningKey & { expiresAt: number; tenancy: string }) | null = null;

  constructor(
    private readonly imds: string,
    private readonly auth: string,
    private readonly request: (signal: AbortSignal) => ProviderRequest,
  ) {}

  async signingKey(signal: AbortSignal): Promise<OciSigningKey & { tenancy: string }> {
    if (this.session && Date.now() < this.session.expiresAt) return this.session;
    const [certPem, keyPem, intermediatePem] = await Promise.all(['cert.pem', 'key.pem', 'intermediate.pem'].map((f) => this.metadata(f, signal)));
    const leaf = new X509Certificate(certPem);
    const tenancy = /opc-tenant:([^\s,+/]+)/.exec(leaf.subject)?.[1];
    if (!tenancy) throw new Error('the instance identity certificate names no opc-tenant');
    const session = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const body = JSON.stringify({
      certificate: derBase64(leaf),
      publicKey: session.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      intermediateCertificates: intermediatePem.trim() ? [derBase64(new X509Certificate(intermediatePem))] : [],
      purpose: 'DEFAULT',
      fingerprintAlgorithm: 'SHA256',
    });
    const url = `${this.auth}/v1/x509`;
    const headers = signOciRequest({ keyId: `${tenancy}/fed-x509-sha256/${leaf.fingerprint256}`, key: createPrivateKey(keyPem) }, 'POST', url, body);
    const { json } = await providerJson<{ token?: string }>(url, { ...this.request(signal), method: 'POST', body, headers }, 'could not get an OCI instance principal session');
    if (!json.token) throw new Error('could not get an OCI instance principal session: no token in the answer');
    this.session = { keyId: `ST$${json.token}`, key: session.privateKey, tenancy, expiresAt: tokenExpiry(json.token) - EARLY_RENEWAL_MS };
    return this.session;
  }

  /** Forgets the session (after the API refused it). */
  clear(): void {
    this.session = null;
  }

  private async metadata(file: string, signal: AbortSignal): Promise<string> {
    const url = `${this.imds}/opc/v2/identity/${file}`;
    // The v2 metadata endpoints require this fixed header (it guards against SSRF, it is no secret).
    const res = await httpGet(url, { ...this.request(signal), headers: { Authorization: 'Bearer Oracle' } });
    if (res.status !== 200) throw new Error(`could not read the instance identity: ${url} answered HTTP ${res.status}`);
    return res.body;
  }
}

function derBase64(cert: X509Certificate): string {
  return cert.raw.toString('base64');
}

/** The session token is a JWT; its `exp` says how long the session key may be used. */
function tokenExpiry(token: string): number {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number }).exp;
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // fall through: an opaque token is used for a short while
  }
  return Date.now() + 15 * 60_000;
}
