import { BadGatewayException, BadRequestException, Controller, ForbiddenException, Get, HttpCode, Logger, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '@periskop/common';
import type { MeView } from '@periskop/wire';
import { Authenticator, hasRole, fromAllowedOrigin, PendingLogin, SESSION_LOGIN, SESSION_USER, sessionOf } from '@periskop/access';
import { OidcSignIn } from './oidc-sign-in';

/** Sign-in and sign-out for people, and `/api/me` for the dashboard. */
@Controller()
@Access('public')
export class AuthController {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly authenticator: Authenticator,
    private readonly oidc: OidcSignIn,
  ) {}

  @Get('api/me')
  me(@Req() request: FastifyRequest): MeView {
    const identity = this.authenticator.identify(request);
    return { name: identity.name, via: identity.via, role: identity.role, can_resolve: hasRole(identity.role, 'resolver'), sign_in: this.oidc.enabled };
  }

  /** `?return_to=#/service/errors/key`: only a dashboard route, never another site. */
  @Get('auth/login')
  async login(@Query('return_to') returnTo: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.requireOidc();
    const back = typeof returnTo === 'string' && /^#\/[^\s]*$/.test(returnTo) ? returnTo : '#/';
    const { url, pending } = await this.oidc.start(request, back).catch((err: Error) => {
      this.logger.warn(err.message);
      throw new BadGatewayException(`sign-in is unavailable: ${err.message}`);
    });
    sessionOf(request)!.set(SESSION_LOGIN, pending);
    void reply.redirect(url, 302);
  }

  @Get('auth/callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.requireOidc();
    const session = sessionOf(request)!;
    const pending = session.get(SESSION_LOGIN) as PendingLogin | undefined;
    if (!pending) throw new BadRequestException('no sign-in in progress in this browser (expired or started elsewhere): start again at /auth/login');
    session.set(SESSION_LOGIN, undefined);
    try {
      session.set(SESSION_USER, await this.oidc.finish(request, pending));
    } catch (err) {
      this.logger.warn(`sign-in failed: ${(err as Error).message}`);
      throw new BadRequestException(`sign-in failed: ${(err as Error).message}`);
    }
    void reply.redirect(`/${pending.returnTo}`, 302);
  }

  /** POST (not a link) and same-origin only, so another site cannot sign people out. */
  @Post('auth/logout')
  @HttpCode(204)
  logout(@Req() request: FastifyRequest): void {
    this.requireOidc();
    if (!fromAllowedOrigin(request, this.oidc.publicOrigins)) throw new ForbiddenException('cross-site sign-out refused');
    sessionOf(request)!.delete();
  }

  private requireOidc(): void {
    if (!this.oidc.enabled) throw new NotFoundException('sign-in is not configured (auth.oidc)');
  }
}
