import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOutscale } from '../../test/fake-outscale';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { outscaleMechanism } from '.';

// The ReadVms answer's shape, from the OUTSCALE API reference.
function vms() {
  return [
    {
      VmId: 'i-12345678',
      State: 'running',
      PrivateIp: '10.0.0.5',
      PublicIp: '171.33.64.10',
      Placement: { SubregionName: 'eu-west-2a', Tenancy: 'default' },
      Tags: [
        { Key: 'Name', Value: 'my-vm' },
        { Key: 'app.tier', Value: 'web' },
        { Key: '', Value: 'skip' },
        { Key: 'EmptyVal', Value: '' },
      ],
      VmType: 'tinav5.c1r1p2',
    },
    { VmId: 'i-public', State: 'running', PublicIp: '171.33.64.11', Placement: { SubregionName: 'eu-west-2b' }, Tags: [] },
    { VmId: 'i-noip', State: 'stopped', Placement: { SubregionName: 'eu-west-2a' }, Tags: [] },
    { VmId: 'i-third-page', State: 'pending', PrivateIp: '10.0.0.7', Placement: { SubregionName: 'eu-west-2a' } },
  ];
}

describe('outscale_sd_configs against a fake OUTSCALE API checking signatures', () => {
  const api = new FakeOutscale();
  const runs: MechanismRun[] = [];
  let dir: string;
  beforeAll(async () => {
    await api.start();
    dir = mkdtempSync(join(tmpdir(), 'outscale-'));
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    api.failing = false;
    api.vms = vms();
    api.requests.length = 0;
    api.refusals.length = 0;
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(outscaleMechanism, { endpoint: `${api.url}/api/v1`, access_key: 'AKIDOUTSCALE', secret_key: 'outscale-secret', ...extra });
    runs.push(r);
    return r;
  }

  it('lists every VM across pages with every meta label, each request signed', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    expect(api.refusals).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('eu-west-2');
    expect(group.targets).toEqual([
      {
        __address__: '10.0.0.5:9100',
        __meta_outscale_vm_instance_id: 'i-12345678',
        __meta_outscale_vm_region: 'eu-west-2',
        __meta_outscale_vm_state: 'running',
        __meta_outscale_vm_subregion: 'eu-west-2a',
        __meta_outscale_vm_private_ip: '10.0.0.5',
        __meta_outscale_vm_public_ip: '171.33.64.10',
        __meta_outscale_vm_tag_Name: 'my-vm',
        __meta_outscale_vm_tag_app_tier: 'web',
      },
      {
        __address__: '171.33.64.11:9100',
        __meta_outscale_vm_instance_id: 'i-public',
        __meta_outscale_vm_region: 'eu-west-2',
        __meta_outscale_vm_state: 'running',
        __meta_outscale_vm_subregion: 'eu-west-2b',
        __meta_outscale_vm_public_ip: '171.33.64.11',
      },
      {
        __address__: '10.0.0.7:9100',
        __meta_outscale_vm_instance_id: 'i-third-page',
        __meta_outscale_vm_region: 'eu-west-2',
        __meta_outscale_vm_state: 'pending',
        __meta_outscale_vm_subregion: 'eu-west-2a',
        __meta_outscale_vm_private_ip: '10.0.0.7',
      },
    ]);
    expect(api.requests.map((q) => JSON.parse(q.body))).toEqual([{}, { NextPageToken: '2' }]);
    expect(api.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDOUTSCALE\/\d{8}\/eu-west-2\/oapi\/aws4_request/);
  });

  it('a wrong secret is refused by the API and reported without the secret', async () => {
    const r = await run({ secret_key: 'not-the-secret' });
    expect(r.history).toEqual([]);
    expect(api.refusals).toEqual(['signature mismatch']);
    expect(r.errors[0].message).toMatch(/^outscale ReadVms: .*HTTP 401/);
    expect(r.errors[0].message).not.toContain('not-the-secret');
  });

  it('reads secret_key_file on every refresh', async () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'outscale-secret\n');
    const r = await run({ secret_key: undefined, secret_key_file: file });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toHaveLength(3);
  });

  it('relabels on the outscale meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_outscale_vm_tag_app_tier'], regex: 'web', action: 'keep' },
      { source_labels: ['__meta_outscale_vm_public_ip'], target_label: '__address__', replacement: '$1:7777' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => t.url)).toEqual(['http://171.33.64.10:7777/errors']);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, api, () => api.vms.shift(), ['171.33.64.11:80', '10.0.0.7:80']);
  });
});

describe('outscale_sd_configs parsing', () => {
  it.each([
    [{ secret_key: 's' }, 'outscale SD configuration requires access_key'],
    [{ access_key: 'a' }, 'one of secret_key & secret_key_file must be configured'],
    [{ access_key: 'a', secret_key: 's', secret_key_file: 'f' }, 'at most one of secret_key & secret_key_file must be configured'],
    [{ access_key: 'a', secret_key: 's', region: '' }, 'outscale SD configuration requires a region'],
    [{ access_key: 'a', secret_key: 's', role: 'vm' }, 'field role not found in type outscale.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => outscaleMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults, the endpoint following the region', () => {
    expect(outscaleMechanism.parse({ access_key: 'a', secret_key: 's' }, { baseDir: '/' })).toMatchObject({
      region: 'eu-west-2',
      endpoint: 'https://api.eu-west-2.outscale.com/api/v1',
      port: 80,
      refreshIntervalMs: 60_000,
    });
    expect(outscaleMechanism.parse({ access_key: 'a', secret_key: 's', region: 'us-east-2' }, { baseDir: '/' })).toMatchObject({ endpoint: 'https://api.us-east-2.outscale.com/api/v1' });
  });
});
