import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RUNTIME_SETTINGS, RuntimeSettings, type ApiToken, type AuthSettings } from '@periskop/platform';
import { Identity, roleOfGroups } from './identity';
import { SESSION_USER, SessionUser, sessionOf } from './session';

/**
 * Finds out who sent a request: a bearer token, a person signed in (session cookie), a user an
 * authenticating proxy vouches for, or nobody (the configured anonymous role).
 */
@Injectable()
export class Authenticator {
  private readonly auth: AuthSettings;
  private readonly tokens: Array<{ token: ApiToken; digest: Buffer }>;
  private readonly trusted = new BlockList();

  constructor(@Inject(RUNTIME_SETTINGS) runtime: RuntimeSettings) {
    this.auth = runtime.config.auth;
    this.tokens = this.auth.tokens.map((token) => ({ token, digest: sha256(token.token) }));
    for (const cidr of this.auth.proxy?.trustedProxies ?? []) {
      const [address, bits] = cidr.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      this.trusted.addSubnet(address, bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits), family);
    }
  }

  /** Throws 401 for a bearer token that matches no configured token (wrong credentials). */
  identify(request: FastifyRequest): Identity {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== null) return this.tokenIdentity(bearer);
    const proxied = this.proxyIdentity(request);
    if (proxied) return proxied;
    const user = sessionOf(request)?.get(SESSION_USER) as SessionUser | undefined;
    if (user && typeof user.name === 'string') return { via: 'session', name: user.name, role: user.role };
    const role = this.auth.anonymous === 'none' ? null : this.auth.anonymous;
    return { via: 'anonymous', name: 'anonymous', role };
  }

  /** Every configured token is compared, in constant time, so timing tells nothing about which is close. */
  private tokenIdentity(presented: string): Identity {
    const digest = sha256(presented);
    let found: ApiToken | null = null;
    for (const { token, digest: known } of this.tokens) if (timingSafeEqual(digest, known)) found = token;
    if (!found) throw new UnauthorizedException('invalid bearer token');
    return { via: 'token', name: found.name, role: found.role };
  }

  /** The proxy's user header counts only from an address listed in `trusted_proxies`. */
  private proxyIdentity(request: FastifyRequest): Identity | null {
    const proxy = this.auth.proxy;
    if (!proxy) return null;
    const user = headerValue(request.headers[proxy.userHeader]);
    if (!user) return null;
    const peer = peerAddress(request);
    if (!peer || !this.trusted.check(peer.address, peer.family)) return null;
    const groups = proxy.groupsHeader
      ? (headerValue(request.headers[proxy.groupsHeader]) ?? '')
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
      : [];
    return { via: 'proxy', name: user, role: roleOfGroups(groups, proxy.roles) };
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : null;
}

function headerValue(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || null;
}

/** The TCP peer (never X-Forwarded-For, which anyone can write), IPv4-mapped addresses unwrapped. */
function peerAddress(request: FastifyRequest): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const raw = request.raw.socket.remoteAddress;
  if (!raw) return null;
  const address = raw.startsWith('::ffff:') && isIP(raw.slice(7)) === 4 ? raw.slice(7) : raw;
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}
