import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BaseClient, generators, Issuer } from 'openid-client';
import type { OidcSettings } from '@periskop/config';
import { RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/platform';
import { roleOfGroups, type PendingLogin, type SessionUser } from '@periskop/access';

/**
 * OpenID Connect authorization code flow with PKCE (openid-client). The provider is discovered
 * on the first sign-in, not at start-up: an unreachable provider must not keep the API down.
 */
@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger('auth');
  private readonly settings: OidcSettings | null;
  private client: Promise<BaseClient> | null = null;

  constructor(@Inject(RUNTIME_SETTINGS) runtime: RuntimeSettings) {
    this.settings = runtime.config.auth.oidc;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** The origin of `redirect_url`, where this server's pages live when a proxy rewrites Host. */
  get publicOrigins(): string[] {
    return this.settings?.redirectUrl ? [new URL(this.settings.redirectUrl).origin] : [];
  }

  /** Where to send the browser, and what must come back with the answer. */
  async start(request: FastifyRequest, returnTo: string): Promise<{ url: string; pending: PendingLogin }> {
    const client = await this.discover();
    const pending: PendingLogin = { state: generators.state(), nonce: generators.nonce(), verifier: generators.codeVerifier(), returnTo };
    const url = client.authorizationUrl({
      scope: this.oidc.scopes.join(' '),
      redirect_uri: this.redirectUrl(request),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /** Exchanges the code (checking state, nonce and the PKCE verifier) and decides the person's role. */
  async finish(request: FastifyRequest, pending: PendingLogin): Promise<SessionUser> {
    const client = await this.discover();
    const params = client.callbackParams(request.raw);
    const tokens = await client.callback(this.redirectUrl(request), params, { state: pending.state, nonce: pending.nonce, code_verifier: pending.verifier });
    let claims: Record<string, unknown> = { ...tokens.claims() };
    if (client.issuer.metadata.userinfo_endpoint && tokens.access_token) {
      // Providers put groups in the ID token or only in userinfo; take both.
      claims = { ...(await client.userinfo(tokens.access_token)), ...claims };
    }
    const name = [claims[this.oidc.usernameClaim], claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v !== '')!;
    const role = roleOfGroups(groupsOf(claims[this.oidc.rolesClaim]), this.oidc.roles);
    this.logger.log(`${name} signed in as ${role ?? 'no role'}`);
    return { name, role };
  }

  private get oidc(): OidcSettings {
    if (!this.settings) throw new Error('OpenID Connect sign-in is not configured');
    return this.settings;
  }

  private redirectUrl(request: FastifyRequest): string {
    return this.oidc.redirectUrl ?? `${request.protocol}://${request.headers.host}/auth/callback`;
  }

  private discover(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.oidc.issuer).then(
      (issuer) =>
        new issuer.Client({
          client_id: this.oidc.clientId,
          client_secret: this.oidc.clientSecret ?? undefined,
          token_endpoint_auth_method: this.oidc.clientSecret ? 'client_secret_basic' : 'none',
          response_types: ['code'],
        }),
      (err: Error) => {
        this.client = null; // try again on the next sign-in
        throw new Error(`OpenID provider ${this.oidc.issuer} cannot be discovered: ${err.message}`);
      },
    );
    return this.client;
  }
}

/** A claim that lists groups: an array, or one string of names separated by commas or spaces. */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim === 'string') return claim.split(/[\s,]+/).filter(Boolean);
  return [];
}
