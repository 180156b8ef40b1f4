import { UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { parseConfigText } from '@periskop/platform';
import { Authenticator } from './authenticator';
import { hasRole, roleOfGroups } from './identity';

const TOKEN = 'resolver-token-0123456789';

function authenticator(auth: string): Authenticator {
  const config = parseConfigText(`services: []\nauth:\n${auth}`);
  return new Authenticator({
    configFile: '<test>',
    config,
    redisUrl: '',
    redisClusterNodes: [],
    port: 0,
    watchConfig: false,
    logLevel: 'info',
    configPollMs: 2000,
    metricsCacheMs: 5000,
    dashboardDir: null,
    discovery: {},
  });
}

function request(headers: Record<string, string>, remoteAddress = '127.0.0.1', session?: Record<string, unknown>): FastifyRequest {
  return { headers, raw: { socket: { remoteAddress } }, session: session && { get: (k: string) => session[k] } } as unknown as FastifyRequest;
}

describe('roles', () => {
  it('orders viewer < resolver < admin', () => {
    expect([hasRole('admin', 'resolver'), hasRole('resolver', 'resolver'), hasRole('viewer', 'resolver'), hasRole(null, 'viewer')]).toEqual([true, true, false, false]);
  });

  it.each([
    [['periskop-admins', 'developers'], 'admin'],
    [['developers'], 'resolver'],
    [['staff'], 'viewer'],
    [[], 'viewer'],
  ] as const)('maps groups %j to %s', (groups, role) => {
    expect(roleOfGroups(groups, { admin: ['periskop-admins'], resolver: ['developers'], viewer: null })).toBe(role);
  });

  it('gives no role to a person outside the viewer groups when they are listed', () => {
    expect(roleOfGroups(['contractors'], { admin: [], resolver: [], viewer: ['staff'] })).toBeNull();
  });
});

describe('Authenticator', () => {
  const tokens = `  tokens:\n    - { name: ci-bot, token: ${TOKEN}, role: resolver }\n`;

  it('knows a bearer token by its name and role, case-insensitive scheme', () => {
    expect(authenticator(tokens).identify(request({ authorization: `bearer ${TOKEN}` }))).toEqual({ via: 'token', name: 'ci-bot', role: 'resolver' });
  });

  it('refuses an unknown bearer token (401), even where anonymous reads are open', () => {
    expect(() => authenticator(tokens).identify(request({ authorization: `Bearer ${TOKEN}x` }))).toThrow(UnauthorizedException);
  });

  it('treats a request without credentials as the anonymous role, or no role with anonymous: none', () => {
    expect(authenticator(tokens).identify(request({}))).toEqual({ via: 'anonymous', name: 'anonymous', role: 'viewer' });
    expect(authenticator(`  anonymous: none\n${tokens}`).identify(request({})).role).toBeNull();
  });

  it('takes a signed-in person from the session', () => {
    expect(authenticator(tokens).identify(request({}, '127.0.0.1', { user: { name: 'alice', role: 'admin' } }))).toEqual({ via: 'session', name: 'alice', role: 'admin' });
  });

  describe('behind a proxy', () => {
    const proxy = `  proxy:\n    user_header: X-Remote-User\n    groups_header: X-Remote-Groups\n    roles: { admin: [ops] }\n    trusted_proxies: [10.1.0.0/16, 'fd00::/8']\n`;
    const headers = { 'x-remote-user': 'carol', 'x-remote-groups': 'staff,ops' };

    it('believes a trusted peer, IPv4-mapped or IPv6', () => {
      expect(authenticator(proxy).identify(request(headers, '::ffff:10.1.2.3'))).toEqual({ via: 'proxy', name: 'carol', role: 'admin' });
      expect(authenticator(proxy).identify(request(headers, 'fd00::1')).name).toBe('carol');
    });

    it('ignores the header from anyone else, whatever X-Forwarded-For says', () => {
      expect(authenticator(proxy).identify(request({ ...headers, 'x-forwarded-for': '10.1.2.3' }, '10.2.0.1')).via).toBe('anonymous');
    });
  });
});
