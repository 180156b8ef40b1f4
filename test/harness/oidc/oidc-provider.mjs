// A real OpenID provider (the `oidc-provider` package, ESM-only, hence its own process) for the
// sign-in tests: authorization code + PKCE, its development login and consent pages, and
// accounts whose `groups` claim the test chooses.
//
//   OIDC_PORT=… OIDC_CLIENT_ID=… OIDC_CLIENT_SECRET=… OIDC_REDIRECT_URIS=url[,url]
//   OIDC_ACCOUNTS='{"alice":["developers"],"bob":[]}' node test/harness/oidc/oidc-provider.mjs
//
// Prints `ready <issuer>` once it listens; any login name from OIDC_ACCOUNTS signs in with any password.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: process.env.OIDC_REDIRECT_URIS.split(','),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key-0123456789'] },
  async findAccount(_ctx, id) {
    if (!(id in accounts)) return undefined;
    return {
      accountId: id,
      claims: async () => ({ sub: id, name: id, preferred_username: id, email: `${id}@example.test`, groups: accounts[id] }),
    };
  },
});
// The development login page accepts any name: only the test's accounts may sign in.
provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider: ${err.stack}\n`));

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
