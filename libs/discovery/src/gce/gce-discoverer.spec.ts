import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envSnapshot } from '../../test/env-vars';
import { FakeApi, SeenRequest } from '../../test/fake-api';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { waitFor } from '../../test/wait-for';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { gceMechanism } from '.';
import type { GceInstance } from './gce-discoverer';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const SERVICE_ACCOUNT = 'periskop@proj-1.iam.gserviceaccount.com';
const ZONE_URL = 'https://www.googleapis.com/compute/v1/projects/proj-1/zones/europe-west1-b';

function instance(id: string, name: string, ip: string, extra: Partial<GceInstance> = {}): GceInstance {
  return {
    id,
    name,
    zone: ZONE_URL,
    status: 'RUNNING',
    machineType: `${ZONE_URL}/machineTypes/e2-small`,
    networkInterfaces: [
      {
        name: 'nic0',
        network: 'https://www.googleapis.com/compute/v1/projects/proj-1/global/networks/default',
        subnetwork: 'https://www.googleapis.com/compute/v1/projects/proj-1/regions/europe-west1/subnetworks/default',
        networkIP: ip,
      },
    ],
    ...extra,
  };
}

/**
 * A fake Google OAuth token endpoint, metadata server and Compute Engine API on loopback. The
 * token endpoint verifies the service account's RS256 assertion with its public key; Compute
 * Engine answers only to the token it issued, one instance per page with nextPageToken.
 */
class FakeGoogle extends FakeApi {
  instances: GceInstance[] = [];
  constructor() {
    super((req) => this.answer(req));
  }

  get tokenRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path === '/token' || r.path.startsWith('/computeMetadata/'));
  }

  private answer(req: SeenRequest) {
    if (req.method === 'POST' && req.path === '/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') === 'refresh_token') {
        return form.get('client_secret') === 'user-secret' && form.get('refresh_token') === 'user-refresh'
          ? { body: { access_token: 'user-token', expires_in: 3599, token_type: 'Bearer' } }
          : { status: 400, body: { error: 'invalid_grant' } };
      }
      const [header, claims, signature] = (form.get('assertion') ?? '').split('.');
      const signed = createVerify('RSA-SHA256')
        .update(`${header}.${claims}`)
        .verify(publicKey, Buffer.from(signature ?? '', 'base64url'));
      const c = JSON.parse(Buffer.from(claims ?? '', 'base64url').toString() || '{}') as Record<string, unknown>;
      const ok =
        form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
        signed &&
        c.iss === SERVICE_ACCOUNT &&
        c.aud === `${this.url}/token` &&
        c.scope === 'https://www.googleapis.com/auth/compute.readonly';
      return ok ? { body: { access_token: 'sa-token', expires_in: 3599, token_type: 'Bearer' } } : { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
    }
    if (req.path === '/computeMetadata/v1/instance/service-accounts/default/token') {
      return req.headers['metadata-flavor'] === 'Google' ? { body: { access_token: 'metadata-token', expires_in: 3599, token_type: 'Bearer' } } : { status: 403, body: 'missing Metadata-Flavor' };
    }
    if (req.path !== '/compute/v1/projects/proj-1/zones/europe-west1-b/instances') return undefined;
    if (!['Bearer sa-token', 'Bearer metadata-token', 'Bearer user-token'].includes(String(req.headers.authorization)))
      return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.' } } };
    const page = Number(req.query.get('pageToken') || '0');
    const next = page + 1 < this.instances.length ? { nextPageToken: String(page + 1) } : {};
    return { body: { kind: 'compute#instanceList', items: this.instances.slice(page, page + 1), ...next } };
  }
}

describe('gce_sd_configs against a fake Compute Engine API (vendor endpoint override)', () => {
  const fake = new FakeGoogle();
  const runs: MechanismRun[] = [];
  const env = envSnapshot(['CLOUDSDK_CONFIG', 'GOOGLE_APPLICATION_CREDENTIALS', 'GCE_METADATA_HOST']);
  let dir: string;
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.failing = false;
    fake.requests.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'gce-sd-'));
    // No gcloud well-known file: CLOUDSDK_CONFIG points at an empty directory.
    process.env.CLOUDSDK_CONFIG = dir;
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    delete process.env.GCE_METADATA_HOST;
    const keyFile = join(dir, 'sa.json');
    writeFileSync(
      keyFile,
      JSON.stringify({ type: 'service_account', project_id: 'proj-1', private_key_id: 'key-1', private_key: privateKey, client_email: SERVICE_ACCOUNT, token_uri: `${fake.url}/token` }),
    );
    process.env.GOOGLE_APPLICATION_CREDENTIALS = keyFile;
    fake.instances = [
      instance('1001', 'web-1', '10.132.0.2', {
        networkInterfaces: [
          { name: 'nic0', network: 'net-a', subnetwork: 'sub-a', networkIP: '10.132.0.2', accessConfigs: [{ type: 'ONE_TO_ONE_NAT', natIP: '34.76.1.2' }] },
          { name: 'nic1', network: 'net-b', subnetwork: 'sub-b', networkIP: '10.10.0.2' },
        ],
        tags: { items: ['http-server', 'periskop'] },
        metadata: {
          items: [
            { key: 'startup-script', value: 'echo hi' },
            { key: 'empty', value: null },
          ],
        },
        labels: { env: 'prod', 'team-name': 'pay' },
      }),
      instance('1002', 'db-1', '10.132.0.3'),
      instance('1003', 'no-nic', '', { networkInterfaces: [] }),
    ];
  });
  afterEach(async () => {
    for (const r of runs.splice(0)) await r.stop();
    env.restore();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(gceMechanism, { project: 'proj-1', zone: 'europe-west1-b', ...extra }, { vendorEndpoints: { gce: `${fake.url}/compute/v1`, gce_metadata: fake.url } });
    runs.push(r);
    return r;
  }

  it('lists every page of instances with every meta label, through a service-account JWT bearer token', async () => {
    const r = await run({ port: 9100, filter: 'status = "RUNNING"' });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('GCE_proj-1_europe-west1-b');
    expect(group.targets[0]).toEqual({
      __address__: '10.132.0.2:9100',
      __meta_gce_project: 'proj-1',
      __meta_gce_zone: ZONE_URL,
      __meta_gce_instance_id: '1001',
      __meta_gce_instance_name: 'web-1',
      __meta_gce_instance_status: 'RUNNING',
      __meta_gce_machine_type: `${ZONE_URL}/machineTypes/e2-small`,
      __meta_gce_network: 'net-a',
      __meta_gce_subnetwork: 'sub-a',
      __meta_gce_private_ip: '10.132.0.2',
      __meta_gce_public_ip: '34.76.1.2',
      __meta_gce_interface_ipv4_nic0: '10.132.0.2',
      __meta_gce_interface_ipv4_nic1: '10.10.0.2',
      __meta_gce_tags: ',http-server,periskop,',
      __meta_gce_metadata_startup_script: 'echo hi',
      __meta_gce_label_env: 'prod',
      __meta_gce_label_team_name: 'pay',
    });
    // The instance without interfaces is left out; the others came from three pages.
    expect(addresses(r.latest())).toEqual(['10.132.0.2:9100', '10.132.0.3:9100']);
    const lists = fake.requests.filter((q) => q.path.endsWith('/instances'));
    expect(lists.map((q) => q.query.get('pageToken'))).toEqual([null, '1', '2']);
    expect(lists.every((q) => q.query.get('filter') === 'status = "RUNNING"' && q.headers.authorization === 'Bearer sa-token')).toBe(true);
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('uses tag_separator', async () => {
    const r = await run({ tag_separator: ';' });
    expect(r.latest()[0].targets[0].__meta_gce_tags).toBe(';http-server;periskop;');
  });

  it('relabels on the gce meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_gce_tags'], regex: '.*,periskop,.*', action: 'keep' },
      { source_labels: ['__meta_gce_public_ip'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_gce_label_env'], target_label: 'env' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([['http://34.76.1.2:7777/errors', { env: 'prod', instance: '34.76.1.2:7777' }]]);
  });

  it('keeps the last targets while the API fails, then refreshes on its own interval', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (fake.instances = fake.instances.slice(1, 2)), ['10.132.0.3:80']);
    fake.instances = [...fake.instances, instance('1004', 'web-2', '10.132.0.9')];
    await waitFor(() => addresses(r.latest()).includes('10.132.0.9:80'));
    // One token serves every refresh until it nears expiry.
    expect(fake.tokenRequests).toHaveLength(1);
  });

  it('a key the token endpoint refuses fails the refresh without the key in the error', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    writeFileSync(process.env.GOOGLE_APPLICATION_CREDENTIALS!, JSON.stringify({ type: 'service_account', private_key: otherKey, client_email: SERVICE_ACCOUNT, token_uri: `${fake.url}/token` }));
    const r = await run();
    expect(r.history).toEqual([]);
    expect(r.errors[0].message).toContain('Invalid JWT Signature');
    expect(r.errors[0].message).not.toContain('PRIVATE KEY');
  });

  it('an authorized_user credential uses the refresh-token grant', async () => {
    writeFileSync(
      process.env.GOOGLE_APPLICATION_CREDENTIALS!,
      JSON.stringify({ type: 'authorized_user', client_id: 'cid', client_secret: 'user-secret', refresh_token: 'user-refresh', token_uri: `${fake.url}/token` }),
    );
    const r = await run();
    expect(addresses(r.latest())).toHaveLength(2);
    expect(fake.requests.filter((q) => q.path.endsWith('/instances')).every((q) => q.headers.authorization === 'Bearer user-token')).toBe(true);
  });

  it('without a credentials file, asks the metadata server', async () => {
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    const r = await run();
    expect(addresses(r.latest())).toHaveLength(2);
    const [meta] = fake.tokenRequests;
    expect(meta.path).toBe('/computeMetadata/v1/instance/service-accounts/default/token');
    expect(meta.headers['metadata-flavor']).toBe('Google');
    expect(meta.query.get('scopes')).toBe('https://www.googleapis.com/auth/compute.readonly');
  });

  it('validates the entry as Prometheus does', () => {
    const parse = (raw: unknown) => () => gceMechanism.parse(raw, { baseDir: '/' });
    expect(parse({ zone: 'z' })).toThrow('project: GCE SD configuration requires a project');
    expect(parse({ project: 'p' })).toThrow('zone: GCE SD configuration requires a zone');
    expect(parse({ project: 'p', zone: 'z', tags: ['x'] })).toThrow('field tags not found in type gce.SDConfig');
    expect(gceMechanism.parse({ project: 'p', zone: 'z' }, { baseDir: '/' })).toEqual({ project: 'p', zone: 'z', filter: '', refreshIntervalMs: 60_000, port: 80, tagSeparator: ',' });
  });
});
