import { createHash, createHmac } from 'node:crypto';
import { FakeApi, Route, SeenRequest } from './fake-api';

/**
 * The OUTSCALE API (OAPI) on loopback: `POST /api/v1/ReadVms` answers `pageSize` VMs at a time
 * with a `NextPageToken`, and only to requests whose AWS Signature Version 4 (service `oapi`,
 * the fake's region) checks out against `secrets`. The check is computed here from the raw
 * request, independently of the signer under test.
 */
export class FakeOutscale {
  vms: unknown[] = [];
  pageSize = 2;
  region = 'eu-west-2';
  secrets: Record<string, string> = { AKIDOUTSCALE: 'outscale-secret' };
  /** Why the last refused request was refused. */
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
    if (req.path !== '/api/v1/ReadVms' || req.method !== 'POST') return undefined;
    const refusal = this.checkSignature(req);
    if (refusal) {
      this.refusals.push(refusal);
      return { status: 401, body: { Errors: [{ Code: '1', Type: 'AccessDenied', Details: '' }], ResponseContext: { RequestId: 'r' } } };
    }
    const { NextPageToken } = JSON.parse(req.body || '{}') as { NextPageToken?: string };
    const start = Number(NextPageToken ?? 0);
    const end = start + this.pageSize;
    return { body: { Vms: this.vms.slice(start, end), ...(end < this.vms.length ? { NextPageToken: String(end) } : {}), ResponseContext: { RequestId: 'r' } } };
  }

  private checkSignature(req: SeenRequest): string | null {
    const auth = String(req.headers.authorization ?? '');
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return `malformed Authorization ${JSON.stringify(auth)}`;
    const [, accessKey, day, region, service, signedHeaders, signature] = m;
    const secret = this.secrets[accessKey];
    if (!secret) return `unknown access key ${accessKey}`;
    if (region !== this.region || service !== 'oapi') return `scope ${region}/${service}`;
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!amzDate.startsWith(day)) return 'date does not match the scope';
    const names = signedHeaders.split(';');
    if (!names.includes('host')) return 'host is not signed';
    const payloadHash = createHash('sha256').update(req.body).digest('hex');
    const canonical = ['POST', req.path, '', ...names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}`), '', signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/${service}/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
    let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(day).digest();
    for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const expected = createHmac('sha256', key).update(toSign).digest('hex');
    return expected === signature ? null : 'signature mismatch';
  }
}
