import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfigText } from '@periskop/config';

const TOKEN = 'a'.repeat(16);

function problemsOf(text: string, file: string | null = null): string[] {
  try {
    parseConfigText(text, file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.line}|${p.path.join('.')}|${p.reason}`);
    throw err;
  }
  return [];
}

describe('auth block', () => {
  it('defaults to anonymous readers, no tokens, sessions or proxy, same-origin CORS', () => {
    const { auth } = parseConfigText('services: []\n');
    expect(auth).toEqual({
      anonymous: 'viewer',
      tokens: [],
      oidc: null,
      proxy: null,
      sessionSecret: null,
      sessionMaxAgeMs: 12 * 3_600_000,
      corsOrigins: [],
      metrics: 'viewer',
      rateLimit: { max: 60, windowMs: 60_000 },
    });
  });

  it('reads the example of the README: token file, environment, OIDC secret file and proxy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-auth-'));
    writeFileSync(join(dir, 'ci-token'), 'ci-secret-0123456789\n');
    writeFileSync(join(dir, 'oidc'), 'client-secret\n');
    process.env.PERISKOP_TEST_TOKEN = 'env-secret-0123456789';
    const file = join(dir, 'periskop.yaml');
    writeFileSync(
      file,
      `services: []
auth:
  anonymous: none
  tokens:
    - { name: ci-bot, token_file: ci-token, role: resolver }
    - { name: ops, token_env: PERISKOP_TEST_TOKEN, role: admin }
    - { name: dash, token: ${TOKEN}, role: viewer }
  oidc:
    issuer: https://login.example.com/
    client_id: periskop
    client_secret_file: ${join(dir, 'oidc')}
    roles_claim: groups
    roles: { admin: [periskop-admins], resolver: [developers] }
  proxy:
    user_header: X-Forwarded-User
    groups_header: X-Forwarded-Groups
    roles: { resolver: [devs] }
    trusted_proxies: [10.0.0.0/8, '::1']
  cors_origins: [https://backstage.example.com]
  metrics: admin
  rate_limit: { max: 5, window: 10s }
`,
    );
    try {
      const { auth } = parseConfigText(require('node:fs').readFileSync(file, 'utf8'), file);
      expect(auth.anonymous).toBe('none');
      expect(auth.tokens).toEqual([
        { name: 'ci-bot', token: 'ci-secret-0123456789', role: 'resolver' },
        { name: 'ops', token: 'env-secret-0123456789', role: 'admin' },
        { name: 'dash', token: TOKEN, role: 'viewer' },
      ]);
      expect(auth.oidc).toMatchObject({
        issuer: 'https://login.example.com',
        clientId: 'periskop',
        clientSecret: 'client-secret',
        rolesClaim: 'groups',
        roles: { admin: ['periskop-admins'], resolver: ['developers'], viewer: null },
      });
      expect(auth.proxy).toEqual({ userHeader: 'x-forwarded-user', groupsHeader: 'x-forwarded-groups', roles: { admin: [], resolver: ['devs'], viewer: null }, trustedProxies: ['10.0.0.0/8', '::1'] });
      expect(auth.corsOrigins).toEqual(['https://backstage.example.com']);
      expect(auth.metrics).toBe('admin');
      expect(auth.rateLimit).toEqual({ max: 5, windowMs: 10_000 });
    } finally {
      delete process.env.PERISKOP_TEST_TOKEN;
    }
  });

  it('names a token file that cannot be read, with its line', () => {
    expect(problemsOf(`services: []\nauth:\n  tokens:\n    - name: ci\n      token_file: /nonexistent/ci-token\n      role: resolver\n`)).toEqual([
      '5|auth.tokens.0.token_file|cannot read token file /nonexistent/ci-token: ENOENT',
    ]);
  });

  it('reads no secret where the app authenticates nobody (scheduler, scraper), but still checks the shape', () => {
    const text = `services: []\nauth:\n  tokens:\n    - { name: ci, token_file: /nonexistent/ci-token, role: resolver }\n`;
    expect(parseConfigText(text, null, { secrets: false }).auth.tokens).toEqual([]);
    expect(() => parseConfigText(`${text}  anonymus: none\n`, null, { secrets: false })).toThrow(/auth\.anonymus \(line 5\): unknown key/);
  });

  it.each([
    ['an unknown key', 'auth:\n  anonymus: none\n', ['2|auth.anonymus|unknown key "anonymus"']],
    ['a bad anonymous role', 'auth:\n  anonymous: admin\n', ['2|auth.anonymous|must be one of none, viewer, resolver']],
    [
      'a bad token role',
      `auth:\n  tokens:\n    - { name: a, token: ${TOKEN}, role: root }\n`,
      [expect.stringMatching(/^3\|auth\.tokens\.0\.role\|must be one of the following values: viewer, resolver, admin/)],
    ],
    ['two token sources', `auth:\n  tokens:\n    - { name: a, token: ${TOKEN}, token_env: HOME, role: viewer }\n`, ['3|auth.tokens.0.token_env|give only one of the token forms']],
    ['no token source', 'auth:\n  tokens:\n    - { name: a, role: viewer }\n', ['3|auth.tokens.0|needs one of token, token_file, token_env']],
    ['a short token', 'auth:\n  tokens:\n    - { name: a, token: short, role: viewer }\n', ['3|auth.tokens.0|the token must be at least 16 characters (e.g. openssl rand -hex 32)']],
    [
      'a duplicate token name',
      `auth:\n  tokens:\n    - { name: a, token: ${TOKEN}, role: viewer }\n    - { name: a, token: ${TOKEN}b, role: viewer }\n`,
      ['4|auth.tokens.1.name|duplicate token name "a"'],
    ],
    [
      'an unset token variable',
      'auth:\n  tokens:\n    - { name: a, token_env: PERISKOP_UNSET_VARIABLE, role: viewer }\n',
      ['3|auth.tokens.0.token_env|environment variable PERISKOP_UNSET_VARIABLE is not set'],
    ],
    ['a bad CIDR', 'auth:\n  proxy:\n    user_header: X-User\n    trusted_proxies: [10.0.0.0/33]\n', ['4|auth.proxy.trusted_proxies.0|"10.0.0.0/33" is not an address or CIDR such as 10.0.0.0/8']],
    ['a CORS origin with a path', 'auth:\n  cors_origins: [https://a.example/x]\n', [expect.stringMatching(/^2\|auth\.cors_origins\|must be origins/)]],
    ['anonymous none without any way in', 'auth:\n  anonymous: none\n', ['2|auth.anonymous|none locks everyone out: add tokens, oidc or proxy']],
    ['a bad rate-limit window', 'auth:\n  rate_limit:\n    window: soon\n', [expect.stringMatching(/^3\|auth\.rate_limit\.window\|not a valid duration/)]],
    [
      'a session without oidc',
      'auth:\n  session:\n    secret_env: HOME\n',
      ['2|auth.session|the session secret must be at least 32 characters', '2|auth.session|sessions are only used with oidc sign-in: add an oidc block or remove session'],
    ],
  ])('refuses %s with its path and line', (_name, text, expected) => {
    const lines = problemsOf(`${text}services: []\n`);
    expect(lines).toEqual(expected);
  });
});
