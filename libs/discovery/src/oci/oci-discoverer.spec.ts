import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, createVerify, generateKeyPairSync, KeyObject, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApi, SeenRequest } from '../../test/fake-api';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { waitFor } from '../../test/wait-for';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { ociMechanism } from '.';
import type { OciInstance, OciVnic } from './oci-discoverer';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-pass' },
});
const TENANCY = 'ocid1.tenancy.oc1..t1';
const USER = 'ocid1.user.oc1..u1';
const FINGERPRINT = '20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34';

function instance(id: string, name: string, compartmentId: string, extra: Partial<OciInstance> = {}): OciInstance {
  return {
    id,
    displayName: name,
    lifecycleState: 'RUNNING',
    compartmentId,
    availabilityDomain: 'Uocm:PHX-AD-1',
    faultDomain: 'FAULT-DOMAIN-2',
    shape: 'VM.Standard.E4.Flex',
    region: 'us-phoenix-1',
    freeformTags: {},
    definedTags: {},
    ...extra,
  };
}

/** Rebuilds the signing string from the request as received and verifies the signature. */
function signed(req: SeenRequest, names: string[], signature: string, key: KeyObject): boolean {
  const query = req.query.toString();
  const lines = names.map((n) => (n === '(request-target)' ? `(request-target): ${req.method.toLowerCase()} ${req.path}${query ? `?${query}` : ''}` : `${n}: ${req.headers[n]}`));
  return createVerify('RSA-SHA256').update(lines.join('\n')).verify(key, Buffer.from(signature, 'base64'));
}

/**
 * A fake OCI Identity and Core Services API on loopback. Every request must carry a valid
 * draft-cavage signature by the configured API key over `date (request-target) host`; lists
 * answer one item per page with `opc-next-page`, as OCI does.
 */
class FakeOci extends FakeApi {
  compartments: Array<{ id: string }> = [];
  instances: OciInstance[] = [];
  attachments: Array<{ instanceId: string; vnicId: string; lifecycleState: string; compartmentId: string }> = [];
  vnics: Record<string, OciVnic> = {};
  unsigned = 0;
  /** The instance identity the metadata service hands out (instance principal tests). */
  identity: { cert: string; key: string; intermediate: string } | null = null;
  /** Session keys issued by the fake auth service, by token. */
  sessions = new Map<string, KeyObject>();
  constructor() {
    super((req) => this.answer(req));
  }

  /** Checks the draft-cavage signature; the key is the API key, or the session key named by an `ST$` key ID. */
  private verify(req: SeenRequest): boolean {
    const auth = String(req.headers.authorization ?? '');
    const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(auth)?.[1] ?? '';
    const keyId = field('keyId');
    const key = keyId === `${TENANCY}/${USER}/${FINGERPRINT}` ? createPublicKey(publicKey) : this.sessions.get(keyId.replace(/^ST\$/, ''));
    return Boolean(key) && field('algorithm') === 'rsa-sha256' && field('headers') === 'date (request-target) host' && signed(req, ['date', '(request-target)', 'host'], field('signature'), key!);
  }

  private federation(req: SeenRequest) {
    const auth = String(req.headers.authorization ?? '');
    const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(auth)?.[1] ?? '';
    const body = JSON.parse(req.body) as { certificate: string; publicKey: string; intermediateCertificates: string[]; purpose: string };
    const leaf = new X509Certificate(Buffer.from(body.certificate, 'base64'));
    const names = ['date', '(request-target)', 'host', 'content-length', 'content-type', 'x-content-sha256'];
    const ok =
      field('keyId') === `${TENANCY}/fed-x509-sha256/${leaf.fingerprint256}` &&
      field('headers') === names.join(' ') &&
      req.headers['x-content-sha256'] === createHash('sha256').update(req.body).digest('base64') &&
      signed(req, names, field('signature'), leaf.publicKey) &&
      body.intermediateCertificates.length === 1;
    if (!ok) return { status: 401, body: { code: 'NotAuthenticated' } };
    const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 1200 })).toString('base64url')}.sig${this.sessions.size}`;
    this.sessions.set(token, createPublicKey({ key: Buffer.from(body.publicKey, 'base64'), format: 'der', type: 'spki' }));
    return { body: { token } };
  }

  private answer(req: SeenRequest) {
    if (req.path.startsWith('/opc/v2/identity/')) {
      const file = req.path.slice('/opc/v2/identity/'.length).replace('.pem', '') as 'cert' | 'key' | 'intermediate';
      return this.identity && req.headers.authorization === 'Bearer Oracle' ? { body: this.identity[file] } : { status: 404, body: 'not found' };
    }
    if (req.method === 'POST' && req.path === '/v1/x509') return this.federation(req);
    if (!this.verify(req)) {
      this.unsigned++;
      return { status: 401, body: { code: 'NotAuthenticated', message: 'The required information to complete authentication was not provided or was incorrect.' } };
    }
    const page = Number(req.query.get('page') || '0');
    const paged = <T>(items: T[]) => ({ headers: (page + 1 < items.length ? { 'opc-next-page': String(page + 1) } : {}) as Record<string, string>, body: items.slice(page, page + 1) });
    const compartment = req.query.get('compartmentId');
    if (req.path === '/20160918/compartments') return compartment === TENANCY && req.query.get('compartmentIdInSubtree') === 'true' ? paged(this.compartments) : { status: 400, body: {} };
    if (req.path === '/20160918/instances') return paged(this.instances.filter((i) => i.compartmentId === compartment));
    if (req.path === '/20160918/vnicAttachments') return paged(this.attachments.filter((a) => a.compartmentId === compartment));
    const vnic = this.vnics[decodeURIComponent(req.path.replace('/20160918/vnics/', ''))];
    return vnic ? { body: vnic } : undefined;
  }
}

describe('oci_sd_configs against a fake OCI API with signed requests (vendor endpoint override)', () => {
  const fake = new FakeOci();
  const runs: MechanismRun[] = [];
  let dir: string;
  let keyFile: string;
  let passFile: string;
  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'oci-sd-'));
    keyFile = join(dir, 'oci_api_key.pem');
    passFile = join(dir, 'pass');
    writeFileSync(keyFile, privateKey);
    writeFileSync(passFile, 'key-pass\n');
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const r of runs.splice(0)) await r.stop();
  });
  beforeEach(() => {
    fake.failing = false;
    fake.unsigned = 0;
    fake.requests.length = 0;
    fake.compartments = [{ id: 'ocid1.compartment.oc1..c1' }];
    fake.instances = [
      instance('ocid1.instance.oc1..web', 'web-1', 'ocid1.compartment.oc1..c1', { freeformTags: { env: 'prod', 'team.name': 'pay' }, definedTags: { Operations: { CostCenter: '42' } } }),
      instance('ocid1.instance.oc1..db', 'db-1', 'ocid1.compartment.oc1..c1'),
      instance('ocid1.instance.oc1..root', 'root-1', TENANCY),
      instance('ocid1.instance.oc1..stopped', 'stopped-1', 'ocid1.compartment.oc1..c1', { lifecycleState: 'STOPPED' }),
    ];
    fake.attachments = [
      { instanceId: 'ocid1.instance.oc1..web', vnicId: 'ocid1.vnic.oc1..web2', lifecycleState: 'ATTACHED', compartmentId: 'ocid1.compartment.oc1..c1' },
      { instanceId: 'ocid1.instance.oc1..web', vnicId: 'ocid1.vnic.oc1..web1', lifecycleState: 'ATTACHED', compartmentId: 'ocid1.compartment.oc1..c1' },
      { instanceId: 'ocid1.instance.oc1..db', vnicId: 'ocid1.vnic.oc1..db', lifecycleState: 'ATTACHED', compartmentId: 'ocid1.compartment.oc1..c1' },
      { instanceId: 'ocid1.instance.oc1..root', vnicId: 'ocid1.vnic.oc1..root', lifecycleState: 'ATTACHED', compartmentId: TENANCY },
      { instanceId: 'ocid1.instance.oc1..stopped', vnicId: 'ocid1.vnic.oc1..old', lifecycleState: 'DETACHED', compartmentId: 'ocid1.compartment.oc1..c1' },
    ];
    fake.vnics = {
      'ocid1.vnic.oc1..web1': { id: 'ocid1.vnic.oc1..web1', isPrimary: true, privateIp: '10.0.0.2', publicIp: '129.146.1.2', ipv6Addresses: ['2603:c020::2', '2603:c020::1'], hostnameLabel: 'web-1' },
      'ocid1.vnic.oc1..web2': { id: 'ocid1.vnic.oc1..web2', isPrimary: false, privateIp: '10.1.0.2' },
      'ocid1.vnic.oc1..db': { id: 'ocid1.vnic.oc1..db', isPrimary: true, privateIp: '10.0.0.3', hostnameLabel: 'db-1' },
      'ocid1.vnic.oc1..root': { id: 'ocid1.vnic.oc1..root', isPrimary: true, privateIp: '10.0.9.9' },
    };
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(
      ociMechanism,
      { user: USER, fingerprint: FINGERPRINT, key_file: keyFile, key_passphrase_file: passFile, tenancy: TENANCY, region: 'us-phoenix-1', ...extra },
      { vendorEndpoints: { oci_iaas: fake.url, oci_identity: fake.url } },
    );
    runs.push(r);
    return r;
  }

  it('lists instances of every compartment across pages, on the primary VNIC, with every meta label, all requests signed', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    expect(fake.unsigned).toBe(0);
    const groups = r.latest();
    expect(groups.map((g) => g.source)).toEqual([TENANCY, 'ocid1.compartment.oc1..c1']);
    const web = groups[1].targets.find((t) => t.__meta_oci_instance_name === 'web-1');
    expect(web).toEqual({
      __address__: '10.0.0.2:9100',
      __meta_oci_instance_id: 'ocid1.instance.oc1..web',
      __meta_oci_instance_name: 'web-1',
      __meta_oci_instance_state: 'RUNNING',
      __meta_oci_compartment_id: 'ocid1.compartment.oc1..c1',
      __meta_oci_availability_domain: 'Uocm:PHX-AD-1',
      __meta_oci_fault_domain: 'FAULT-DOMAIN-2',
      __meta_oci_shape: 'VM.Standard.E4.Flex',
      __meta_oci_region: 'us-phoenix-1',
      __meta_oci_private_ip: '10.0.0.2',
      __meta_oci_public_ip: '129.146.1.2',
      __meta_oci_ipv6_addresses: ',2603:c020::1,2603:c020::2,',
      __meta_oci_hostname_label: 'web-1',
      __meta_oci_tag_env: 'prod',
      __meta_oci_tag_team_name: 'pay',
      __meta_oci_defined_tag_Operations_CostCenter: '42',
    });
    // The stopped instance (only a detached VNIC) has no target; lists were followed page by page.
    expect(addresses(groups)).toEqual(['10.0.0.2:9100', '10.0.0.3:9100', '10.0.9.9:9100']);
    expect(fake.requests.some((q) => q.path === '/20160918/instances' && q.query.get('page') === '2')).toBe(true);
  });

  it('lists only the configured compartments, without asking Identity', async () => {
    const r = await run({ compartments: [TENANCY] });
    expect(addresses(r.latest())).toEqual(['10.0.9.9:80']);
    expect(fake.requests.some((q) => q.path === '/20160918/compartments')).toBe(false);
  });

  it('relabels on the oci meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_oci_tag_env'], regex: 'prod', action: 'keep' },
      { source_labels: ['__meta_oci_public_ip'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_oci_instance_name'], target_label: 'vm' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://129.146.1.2:7777/errors', { vm: 'web-1', instance: '129.146.1.2:7777' }],
    ]);
  });

  it('keeps the last targets while the API fails, then refreshes on its own interval', async () => {
    const r = await run({ refresh_interval: '50ms', compartments: ['ocid1.compartment.oc1..c1'] });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (fake.instances = fake.instances.slice(1, 2)), ['10.0.0.3:80']);
    fake.instances.push(instance('ocid1.instance.oc1..web', 'web-1', 'ocid1.compartment.oc1..c1'));
    await waitFor(() => addresses(r.latest()).includes('10.0.0.2:80'));
  });

  it('a signature by another key is refused, and the key never shows in the error', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const otherFile = join(dir, 'other.pem');
    writeFileSync(otherFile, other.privateKey);
    const r = await run({ key_file: otherFile, key_passphrase_file: undefined });
    expect(r.history).toEqual([]);
    expect(fake.unsigned).toBeGreaterThan(0);
    expect(r.errors[0].message).toContain('HTTP 401');
    expect(r.errors[0].message).not.toContain('PRIVATE KEY');
  });

  it('instance_principal trades the VM identity certificate for a session key and signs with it', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'oci-ip-'));
    try {
      const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certDir, stdio: 'ignore' });
      openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'inter.key', '-out', 'inter.pem', '-days', '1', '-subj', '/CN=PKISVC Identity Intermediate');
      openssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'leaf.key',
        '-out',
        'leaf.pem',
        '-days',
        '1',
        '-subj',
        `/CN=ocid1.instance.oc1..i1/OU=opc-certtype:instance/OU=opc-tenant:${TENANCY}`,
      );
      const read = (f: string) => readFileSync(join(certDir, f), 'utf8');
      fake.identity = { cert: read('leaf.pem'), key: read('leaf.key'), intermediate: read('inter.pem') };
      const r = await runMechanism(
        ociMechanism,
        { authentication_method: 'instance_principal', region: 'us-phoenix-1' },
        { vendorEndpoints: { oci_iaas: fake.url, oci_identity: fake.url, oci_imds: fake.url, oci_auth: fake.url } },
      );
      runs.push(r);
      expect(r.errors).toEqual([]);
      expect(fake.unsigned).toBe(0);
      // The tenancy came from the certificate: its compartments were listed.
      expect(addresses(r.latest())).toEqual(['10.0.0.2:80', '10.0.0.3:80', '10.0.9.9:80']);
      const api = fake.requests.filter((q) => q.path.startsWith('/20160918/'));
      expect(api.every((q) => String(q.headers.authorization).includes('keyId="ST$'))).toBe(true);
      expect(fake.requests.filter((q) => q.path === '/v1/x509')).toHaveLength(1);
    } finally {
      fake.identity = null;
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  it('validates the entry', () => {
    const parse = (raw: unknown) => () => ociMechanism.parse(raw, { baseDir: '/etc/periskop' });
    const base = { user: USER, fingerprint: FINGERPRINT, key_file: 'oci.pem', tenancy: TENANCY, region: 'us-phoenix-1' };
    expect(parse({ ...base, region: undefined })).toThrow('region: oci SD configuration requires a region');
    expect(parse({ ...base, fingerprint: '' })).toThrow('fingerprint: oci SD configuration requires a fingerprint');
    expect(parse({ ...base, authentication_method: 'instance_principal' })).toThrow('user: user is for authentication_method api_key, not instance_principal');
    expect(parse({ region: 'r', authentication_method: 'session_token' })).toThrow('unknown authentication_method "session_token", expected api_key or instance_principal');
    expect(parse({ ...base, compartment: 'x' })).toThrow('field compartment not found in type oci.SDConfig');
    expect(ociMechanism.parse(base, { baseDir: '/etc/periskop' })).toMatchObject({ keyFile: '/etc/periskop/oci.pem', port: 80, refreshIntervalMs: 60_000, compartments: [] });
  });
});
