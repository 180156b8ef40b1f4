import type { FastifyRequest } from 'fastify';
import type { Role } from '@periskop/platform';

/** Session fields (an encrypted, signed cookie: @fastify/secure-session). */
export const SESSION_USER = 'user';
export const SESSION_LOGIN = 'login';
export const SESSION_COOKIE = 'periskop_session';

/** A person signed in with OpenID Connect; the role is decided at sign-in from their groups. */
export interface SessionUser {
  name: string;
  role: Role | null;
}

/** Kept between /auth/login and /auth/callback: what proves the answer belongs to this browser. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  /** The dashboard route to return to (a hash route, never another site). */
  returnTo: string;
}

/** The session @fastify/secure-session decodes on each request (absent when OIDC is off). */
export interface SessionStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(): void;
}

export function sessionOf(request: FastifyRequest): SessionStore | undefined {
  return (request as unknown as { session?: SessionStore }).session;
}
