import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeStackit } from '../../test/fake-stackit';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { stackitMechanism } from '.';

// The IaaS API's server list shape (details=true), from its API reference.
function servers() {
  return [
    {
      id: '8a4c6c0e-2b7a-4c9b-9d6e-1f0e2d3c4b5a',
      name: 'web-1',
      availabilityZone: 'eu01-1',
      status: 'ACTIVE',
      powerStatus: 'RUNNING',
      machineType: 'c1.2',
      labels: { 'app.kubernetes.io/name': 'web', count: 3 },
      nics: [
        { networkName: 'backend net', ipv4: '10.0.0.10', networkId: 'n1' },
        { networkName: 'frontend', ipv4: '10.1.0.10', publicIp: '193.148.160.10', networkId: 'n2' },
      ],
    },
    { id: 'private-only', name: 'db-1', availabilityZone: 'eu01-2', status: 'ACTIVE', powerStatus: 'RUNNING', machineType: 'g1.1', labels: {}, nics: [{ networkName: 'backend', ipv4: '10.0.0.11' }] },
    { id: 'no-nics', name: 'x', availabilityZone: 'eu01-1', status: 'STOPPED', powerStatus: 'STOPPED', machineType: 'g1.1' },
    { id: 'no-ip', name: 'y', availabilityZone: 'eu01-1', status: 'ACTIVE', powerStatus: 'RUNNING', machineType: 'g1.1', nics: [{ networkName: 'n' }] },
  ];
}

describe('stackit_sd_configs against a fake STACKIT (token endpoint and IaaS API)', () => {
  const stackit = new FakeStackit();
  const runs: MechanismRun[] = [];
  let dir: string;
  beforeAll(async () => {
    await stackit.start();
    dir = mkdtempSync(join(tmpdir(), 'stackit-'));
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await stackit.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    stackit.failing = false;
    stackit.servers = servers();
    stackit.requests.length = 0;
    stackit.refusals.length = 0;
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(
      stackitMechanism,
      { project: '11111111-2222-3333-4444-555555555555', endpoint: stackit.url, service_account_key: JSON.stringify(stackit.serviceAccountKey), ...extra },
      { vendorEndpoints: { stackit_token: `${stackit.url}/token` } },
    );
    runs.push(r);
    return r;
  }

  it('trades a signed assertion for a token and lists servers with every meta label', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    expect(stackit.refusals).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('stackit');
    expect(group.targets).toEqual([
      {
        __address__: '193.148.160.10:9100',
        __meta_stackit_project: '11111111-2222-3333-4444-555555555555',
        __meta_stackit_id: '8a4c6c0e-2b7a-4c9b-9d6e-1f0e2d3c4b5a',
        __meta_stackit_name: 'web-1',
        __meta_stackit_availability_zone: 'eu01-1',
        __meta_stackit_status: 'ACTIVE',
        __meta_stackit_power_status: 'RUNNING',
        __meta_stackit_type: 'c1.2',
        __meta_stackit_private_ipv4_backend_net: '10.0.0.10',
        __meta_stackit_private_ipv4_frontend: '10.1.0.10',
        __meta_stackit_public_ipv4: '193.148.160.10',
        __meta_stackit_label_app_kubernetes_io_name: 'web',
        __meta_stackit_labelpresent_app_kubernetes_io_name: 'true',
      },
      {
        __address__: '10.0.0.11:9100',
        __meta_stackit_project: '11111111-2222-3333-4444-555555555555',
        __meta_stackit_id: 'private-only',
        __meta_stackit_name: 'db-1',
        __meta_stackit_availability_zone: 'eu01-2',
        __meta_stackit_status: 'ACTIVE',
        __meta_stackit_power_status: 'RUNNING',
        __meta_stackit_type: 'g1.1',
        __meta_stackit_private_ipv4_backend: '10.0.0.11',
      },
    ]);
    const list = stackit.requests.find((q) => q.path.endsWith('/servers'))!;
    expect(list.path).toBe('/v1/projects/11111111-2222-3333-4444-555555555555/servers');
    expect(list.query.get('details')).toBe('true');
    expect(list.headers.authorization).toBe('Bearer stackit-access-1');
  });

  it('keeps the token between refreshes until it expires', async () => {
    const r = await run({ refresh_interval: '50ms' });
    const issued = stackit.issued.length;
    const lists = () => stackit.requests.filter((q) => q.path.endsWith('/servers')).length;
    const before = lists();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lists()).toBeGreaterThan(before);
    expect(stackit.issued.length).toBe(issued);
    expect(r.errors).toEqual([]);
  });

  it('reads the key and a separate private key from files', async () => {
    const keyFile = join(dir, 'sa-key.json');
    const { privateKey: _embedded, ...credentials } = stackit.serviceAccountKey.credentials;
    writeFileSync(keyFile, JSON.stringify({ ...stackit.serviceAccountKey, credentials }));
    const pemFile = join(dir, 'private.pem');
    writeFileSync(pemFile, stackit.keys.privateKey);
    const r = await run({ service_account_key: undefined, service_account_key_path: keyFile, private_key_path: pemFile });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toHaveLength(2);
  });

  it('takes the private key from credentials_file_path when the key has none', async () => {
    const { privateKey: _embedded, ...credentials } = stackit.serviceAccountKey.credentials;
    const pemFile = join(dir, 'from-credentials.pem');
    writeFileSync(pemFile, stackit.keys.privateKey);
    const credentialsFile = join(dir, 'credentials.json');
    writeFileSync(credentialsFile, JSON.stringify({ STACKIT_PRIVATE_KEY_PATH: pemFile }));
    const r = await run({ service_account_key: JSON.stringify({ ...stackit.serviceAccountKey, credentials }), credentials_file_path: credentialsFile });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toHaveLength(2);
    const without = await run({ service_account_key: JSON.stringify({ ...stackit.serviceAccountKey, credentials }) });
    expect(without.errors[0].message).toBe('stackit: the service account key has no private key and none is configured (private_key, private_key_path)');
  });

  it('a key signed by another private key is refused and reported without the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const r = await run({ private_key: other.privateKey });
    expect(r.history).toEqual([]);
    expect(stackit.refusals).toEqual(['bad signature']);
    expect(r.errors[0].message).toMatch(/^stackit token: .*HTTP 400/);
    expect(r.errors[0].message).not.toContain('PRIVATE KEY');
  });

  it('without a key, the token configured through authorization is sent', async () => {
    stackit.staticTokens.add('portal-token');
    const r = await run({ service_account_key: undefined, authorization: { credentials: 'portal-token' } });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toHaveLength(2);
    expect(stackit.requests.some((q) => q.path === '/token')).toBe(false);
    const refused = await run({ service_account_key: undefined });
    expect(refused.errors[0].message).toContain('unexpected status code 401');
  });

  it('relabels on the stackit meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_stackit_labelpresent_app_kubernetes_io_name'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_stackit_private_ipv4_backend_net'], target_label: '__address__', replacement: '$1:7777' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => t.url)).toEqual(['http://10.0.0.10:7777/errors']);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, stackit, () => stackit.servers.shift(), ['10.0.0.11:80']);
  });
});

describe('stackit_sd_configs parsing', () => {
  it.each([
    [{ project: 'p', region: '' }, 'stackit_sd: endpoint and region missing'],
    [{ project: 'p', endpoint: 'not a url' }, 'stackit_sd: invalid endpoint "not a url"'],
    [{ project: 'p', service_account_key_file: 'k.json' }, 'field service_account_key_file not found in type stackit.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => stackitMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(stackitMechanism.parse({ project: 'p' }, { baseDir: '/' })).toMatchObject({ region: 'eu01', endpoint: '', port: 80, refreshIntervalMs: 60_000, keyAuth: null });
  });
});
