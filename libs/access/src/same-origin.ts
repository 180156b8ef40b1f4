import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Whether a request that a browser may have sent with its cookies came from a page of this
 * server (or an allowed origin). SameSite=Lax already keeps the session cookie off cross-site
 * DELETEs and POSTs; this holds even where a browser or a proxy's cookie does not honour it.
 * Browsers send Origin with every DELETE and POST, so a missing Origin is not a browser's.
 */
export function fromAllowedOrigin(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] !== 'cross-site';
  if (allowed.includes(origin)) return true;
  const host = request.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
