import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { FakeApi, Route, SeenRequest } from './fake-api';

/**
 * STACKIT on loopback: the service-account token endpoint (`POST /token`), which checks the
 * RS512 signature of the JWT assertion against the key's public key and its claims, and the IaaS
 * API (`GET /v1/projects/<project>/servers`), which answers only to a token it handed out (or
 * to `staticTokens`, for the token configured through `authorization`).
 */
export class FakeStackit {
  readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  /** A service account key file as the STACKIT portal downloads it. */
  readonly serviceAccountKey = {
    id: 'b0f1c7a4-5b7e-4d5e-9c3a-2f7d8e6a1b2c',
    publicKey: this.keys.publicKey,
    keyType: 'USER_MANAGED',
    keyOrigin: 'GENERATED',
    keyAlgorithm: 'RSA_2048',
    active: true,
    credentials: { kid: 'kid-1', iss: 'periskop@sa.stackit.cloud', sub: 'sa-uuid-1', aud: 'https://stackit-service-account-prod.apps.01.cf.eu01.stackit.cloud', privateKey: this.keys.privateKey },
  };
  servers: unknown[] = [];
  staticTokens = new Set<string>();
  issued: string[] = [];
  refusals: string[] = [];
  readonly api: FakeApi;

  constructor() {
    this.api = new FakeApi((req) => this.route(req));
  }
  get url(): string {
    return this.api.url;
  }
  get requests(): SeenRequest[] {
    return this.api.requests;
  }
  get failing(): boolean {
    return this.api.failing;
  }
  set failing(value: boolean) {
    this.api.failing = value;
  }
  async start(): Promise<this> {
    await this.api.start();
    return this;
  }
  close(): Promise<void> {
    return this.api.close();
  }

  private route(req: SeenRequest): ReturnType<Route> {
    if (req.path === '/token' && req.method === 'POST') return this.token(req);
    const m = /^\/v1\/projects\/([^/]+)\/servers$/.exec(req.path);
    if (!m) return undefined;
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.issued.includes(bearer) && !this.staticTokens.has(bearer)) return { status: 401, body: { code: 401, msg: 'unauthorized' } };
    return { body: { items: this.servers } };
  }

  private token(req: SeenRequest): ReturnType<Route> {
    const form = new URLSearchParams(req.body);
    const refuse = (why: string) => {
      this.refusals.push(why);
      return { status: 400, body: { error: 'invalid_grant' } };
    };
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse(`grant_type ${form.get('grant_type')}`);
    const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
    const head = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as Record<string, string>;
    if (head.alg !== 'RS512' || head.kid !== this.serviceAccountKey.credentials.kid) return refuse(`header ${JSON.stringify(head)}`);
    if (!verify('sha512', Buffer.from(`${header}.${claims}`), createPublicKey(this.keys.publicKey), Buffer.from(signature ?? '', 'base64url'))) return refuse('bad signature');
    const c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
    const want = this.serviceAccountKey.credentials;
    if (c.iss !== want.iss || c.sub !== want.sub || c.aud !== want.aud || typeof c.jti !== 'string' || typeof c.exp !== 'number') return refuse(`claims ${JSON.stringify(c)}`);
    const token = `stackit-access-${this.issued.length + 1}`;
    this.issued.push(token);
    return { body: { access_token: token, refresh_token: 'r', expires_in: 3600, token_type: 'Bearer', scope: '' } };
  }
}
