import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, InternalServerErrorException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_POLICY, AccessPolicy } from '@periskop/common';
import { RUNTIME_SETTINGS, RuntimeSettings, type AuthSettings, type Role } from '@periskop/platform';
import { Authenticator } from './authenticator';
import { hasRole, Identity } from './identity';
import { fromAllowedOrigin, isMutating } from './same-origin';

/** The identity the guard found, for handlers that record who did something. */
export const IDENTITY = Symbol('periskop.identity');
export type RequestWithIdentity = FastifyRequest & { [IDENTITY]?: Identity };

/**
 * Every route declares who may call it (`@Access`); a route without a declaration is refused,
 * so adding one forces a decision. No credentials or wrong ones: 401; a role too low: 403.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly auth: AuthSettings;
  /** Origins whose pages may send cookie-authenticated changes, beside this server's own Host. */
  private readonly trustedOrigins: string[];

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(RUNTIME_SETTINGS) runtime: RuntimeSettings,
  ) {
    this.auth = runtime.config.auth;
    // A proxy may rewrite Host (nginx's $host drops the port): the public redirect_url names the real origin.
    const publicUrl = this.auth.oidc?.redirectUrl;
    this.trustedOrigins = [...this.auth.corsOrigins, ...(publicUrl ? [new URL(publicUrl).origin] : [])];
  }

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    if (!policy) throw new InternalServerErrorException(`${context.getClass().name}.${context.getHandler().name} declares no access policy`);
    const required = policy === 'metrics' ? this.auth.metrics : policy;
    if (required === 'public') return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const identity = this.identify(request, reply);
    request[IDENTITY] = identity;
    return this.allow(identity, required, request, reply);
  }

  private identify(request: FastifyRequest, reply: FastifyReply): Identity {
    try {
      return this.authenticator.identify(request);
    } catch (err) {
      if (err instanceof UnauthorizedException) challenge(reply);
      throw err;
    }
  }

  private allow(identity: Identity, required: Role, request: FastifyRequest, reply: FastifyReply): boolean {
    if (!hasRole(identity.role, required)) {
      if (identity.via === 'anonymous') {
        challenge(reply);
        throw new UnauthorizedException(`sign in or send a bearer token: this needs the ${required} role`);
      }
      throw new ForbiddenException(`${identity.name} may not do this: it needs the ${required} role`);
    }
    // A cookie (ours or the proxy's) rides along on requests other sites make; a bearer token does not.
    if (isMutating(request.method) && (identity.via === 'session' || identity.via === 'proxy') && !fromAllowedOrigin(request, this.trustedOrigins)) {
      throw new ForbiddenException('cross-site request refused: Origin is not this server');
    }
    return true;
  }
}

function challenge(reply: FastifyReply): void {
  void reply.header('WWW-Authenticate', 'Bearer realm="periskop"');
}
