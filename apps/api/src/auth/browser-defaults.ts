import { createHash, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import secureSession from '@fastify/secure-session';
import type { AuthSettings } from '@periskop/config';
import { isMutating, SESSION_COOKIE } from '@periskop/access';

/**
 * The dashboard's Content-Security-Policy. Angular's build has no inline script (critical-CSS
 * inlining, which adds an onload handler, is off); Angular and Material add `<style>` elements
 * and style attributes at run time, hence 'unsafe-inline' for styles only. No site may frame us
 * (a Resolve button in a hidden frame is a click away from a resolve).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Security headers, CORS, rate limits and (with OIDC) the session cookie, before any route. */
export async function registerBrowserDefaults(app: NestFastifyApplication, auth: AuthSettings): Promise<void> {
  await app.register(helmet as never, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, frameguard: { action: 'deny' } });
  // Same origin unless allowed: a page elsewhere cannot read answers or send a DELETE with our cookie.
  app.enableCors({ origin: auth.corsOrigins.length > 0 ? auth.corsOrigins : false, methods: ['GET', 'HEAD', 'DELETE', 'POST'], credentials: true });
  if (auth.rateLimit.max > 0) {
    await app.register(rateLimit as never, {
      global: true,
      max: auth.rateLimit.max,
      timeWindow: auth.rateLimit.windowMs,
      // Only what changes state or tries credentials is limited; reads and polling are not.
      allowList: (request: { method: string; url: string }) => !isMutating(request.method) && !request.url.startsWith('/auth/'),
    });
  }
  if (auth.oidc) {
    await app.register(secureSession as never, {
      key: sessionKey(auth.sessionSecret),
      cookieName: SESSION_COOKIE,
      expiry: Math.floor(auth.sessionMaxAgeMs / 1000),
      // Behind a proxy that terminates TLS this server sees http: an https redirect_url says the truth.
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: auth.oidc.redirectUrl?.startsWith('https://') ? true : 'auto', maxAge: Math.floor(auth.sessionMaxAgeMs / 1000) },
    });
  }
}

/** 32 bytes for libsodium's secretbox; random when unset (sessions then end with the process). */
function sessionKey(secret: string | null): Buffer {
  if (secret !== null) return createHash('sha256').update(secret).digest();
  new Logger('auth').warn('auth.session.secret_file is not set: sessions end when this process stops and are not shared with other API replicas');
  return randomBytes(32);
}
