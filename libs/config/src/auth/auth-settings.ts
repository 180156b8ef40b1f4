import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigPath, parseDuration } from '@periskop/common';
import type { AuthDto, RoleGroupsDto } from './auth.dto';
import type { ApiToken, AuthSettings, Role, RoleGroups } from './auth.types';

type Report = (path: ConfigPath, reason: string) => void;

const DEFAULT_SESSION_MAX_AGE_MS = 12 * 3_600_000;
const DEFAULT_RATE_LIMIT = { max: 60, windowMs: 60_000 };
/** Short secrets can be guessed; these lengths are what a random generator gives in one line. */
const MIN_TOKEN_LENGTH = 16;
const MIN_SESSION_SECRET_LENGTH = 32;

/**
 * The validated `auth:` block with its secrets read (`env: null`: none read, for the apps that
 * load the same file but authenticate nobody: a token file needs to exist only where the API runs). Missing block: reads open to anyone and
 * resolving needs a token, session or proxy identity (`anonymous: viewer`).
 */
export function authSettings(given: AuthDto | undefined, baseDir: string, env: NodeJS.ProcessEnv | null, report: Report): AuthSettings {
  // Wrong shapes are already reported by class-validator; here they only must not throw.
  const dto = isObject(given) ? given : undefined;
  const at = (...path: ConfigPath) => ['auth', ...path];
  const secret = (path: ConfigPath, sources: { value?: string; file?: string; envName?: string }, what: string): string | null => {
    const given = [sources.value !== undefined, sources.file !== undefined, sources.envName !== undefined].filter(Boolean).length;
    if (given > 1) {
      report(path, `give only one of the ${what} forms`);
      return null;
    }
    if (sources.value !== undefined) return sources.value;
    if (env === null) return null;
    if (sources.file !== undefined) {
      const file = resolve(baseDir, sources.file);
      try {
        return readFileSync(file, 'utf8').trim();
      } catch (err) {
        report(path, `cannot read ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return null;
      }
    }
    if (sources.envName !== undefined) {
      const value = env[sources.envName];
      if (value === undefined || value.trim() === '') report(path, `environment variable ${sources.envName} is not set`);
      return value?.trim() || null;
    }
    return null;
  };

  const tokens: ApiToken[] = [];
  const names = new Set<string>();
  (Array.isArray(dto?.tokens) ? dto.tokens : []).forEach((t, i) => {
    if (!t || typeof t !== 'object') return;
    const value = secret(
      at('tokens', i, t.token_file !== undefined ? 'token_file' : t.token_env !== undefined ? 'token_env' : 'token'),
      { value: t.token, file: t.token_file, envName: t.token_env },
      'token',
    );
    if (t.token === undefined && t.token_file === undefined && t.token_env === undefined) report(at('tokens', i), 'needs one of token, token_file, token_env');
    if (names.has(t.name)) report(at('tokens', i, 'name'), `duplicate token name ${JSON.stringify(t.name)}`);
    names.add(t.name);
    if (value !== null && value.length < MIN_TOKEN_LENGTH) report(at('tokens', i), `the token must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)`);
    else if (value !== null && tokens.some((o) => o.token === value)) report(at('tokens', i), `the same token as ${tokens.find((o) => o.token === value)!.name}`);
    else if (value !== null) tokens.push({ name: t.name, token: value, role: t.role as Role });
  });

  const o = isObject(dto?.oidc) ? dto.oidc : undefined;
  const oidc = o
    ? {
        issuer: o.issuer?.replace(/\/$/, ''),
        clientId: o.client_id,
        clientSecret: secret(at('oidc', o.client_secret_file !== undefined ? 'client_secret_file' : 'client_secret'), { value: o.client_secret, file: o.client_secret_file }, 'client secret'),
        redirectUrl: o.redirect_url ?? null,
        scopes: Array.isArray(o.scopes) ? o.scopes : ['openid', 'profile', 'email'],
        rolesClaim: o.roles_claim ?? 'groups',
        usernameClaim: o.username_claim ?? 'preferred_username',
        roles: roleGroups(isObject(o.roles) ? o.roles : undefined),
      }
    : null;
  if (oidc && !oidc.scopes.includes('openid')) report(at('oidc', 'scopes'), 'must include openid');

  const p = isObject(dto?.proxy) ? dto.proxy : undefined;
  const trustedProxies = Array.isArray(p?.trusted_proxies) ? p.trusted_proxies : ['127.0.0.1/32', '::1/128'];
  trustedProxies.forEach((cidr, i) => {
    if (typeof cidr === 'string' && !isCidr(cidr)) report(at('proxy', 'trusted_proxies', i), `${JSON.stringify(cidr)} is not an address or CIDR such as 10.0.0.0/8`);
  });
  const proxy = p
    ? { userHeader: p.user_header?.toLowerCase(), groupsHeader: p.groups_header?.toLowerCase() ?? null, roles: roleGroups(isObject(p.roles) ? p.roles : undefined), trustedProxies }
    : null;

  const s = isObject(dto?.session) ? dto.session : undefined;
  const sessionSecret = s ? secret(at('session', s.secret_file !== undefined ? 'secret_file' : 'secret_env'), { file: s.secret_file, envName: s.secret_env }, 'session secret') : null;
  if (sessionSecret !== null && sessionSecret.length < MIN_SESSION_SECRET_LENGTH) report(at('session'), `the session secret must be at least ${MIN_SESSION_SECRET_LENGTH} characters`);
  if (s && !oidc) report(at('session'), 'sessions are only used with oidc sign-in: add an oidc block or remove session');

  const anonymous = (dto?.anonymous as AuthSettings['anonymous']) ?? 'viewer';
  if (anonymous === 'none' && tokens.length === 0 && !oidc && !proxy && !dto?.tokens?.length) report(at('anonymous'), 'none locks everyone out: add tokens, oidc or proxy');
  return {
    anonymous: (dto?.anonymous as AuthSettings['anonymous']) ?? 'viewer',
    tokens,
    oidc,
    proxy,
    sessionSecret,
    sessionMaxAgeMs: duration(typeof s?.max_age === 'string' ? s.max_age : undefined, DEFAULT_SESSION_MAX_AGE_MS, at('session', 'max_age'), report),
    corsOrigins: Array.isArray(dto?.cors_origins) ? dto.cors_origins : [],
    metrics: (dto?.metrics as AuthSettings['metrics']) ?? 'viewer',
    rateLimit: {
      max: dto?.rate_limit?.max ?? DEFAULT_RATE_LIMIT.max,
      windowMs: duration(typeof dto?.rate_limit?.window === 'string' ? dto.rate_limit.window : undefined, DEFAULT_RATE_LIMIT.windowMs, at('rate_limit', 'window'), report),
    },
  };
}

function isObject<T>(value: T | undefined): value is T {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function roleGroups(dto: RoleGroupsDto | undefined): RoleGroups {
  return { admin: dto?.admin ?? [], resolver: dto?.resolver ?? [], viewer: dto?.viewer ?? null };
}

function duration(text: string | undefined, fallback: number, path: ConfigPath, report: Report): number {
  if (text === undefined) return fallback;
  try {
    const ms = parseDuration(text);
    if (ms > 0) return ms;
    report(path, 'must be longer than 0');
  } catch (err) {
    report(path, `${(err as Error).message} (use a duration such as 10s, 1m30s, 1h)`);
  }
  return fallback;
}

function isCidr(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) return false;
  new BlockList().addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return true;
}
