import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { linodeMechanism } from '.';
import type { LinodeInstance, LinodeIp } from './linode-discoverer';

function instance(id: number, label: string, ipv4: string[], extra: Partial<LinodeInstance> = {}): LinodeInstance {
  return {
    id,
    label,
    image: 'linode/arch',
    region: 'us-east',
    type: 'g6-standard-2',
    status: 'running',
    group: '',
    hypervisor: 'kvm',
    ipv4,
    ipv6: '2600:3c03::f03c:92ff:fe1a:1382/128',
    tags: ['monitoring'],
    backups: { enabled: false },
    specs: { disk: 81920, memory: 4096, vcpus: 2, transfer: 4000, gpus: 0 },
    ...extra,
  };
}

describe('linode_sd_configs against a fake Linode API (vendor endpoint override)', () => {
  let instances: LinodeInstance[];
  const ips: LinodeIp[] = [
    { address: '45.33.82.151', public: true, rdns: 'li1028-151.members.linode.com' },
    { address: '192.168.170.51', public: false, rdns: null },
    { address: '96.126.108.16', public: true, rdns: 'null' },
    { address: '2600:3c03::f03c:92ff:fe1a:1382', public: true, rdns: '' },
    { address: '173.230.145.175', public: true, rdns: null },
  ];
  const fake = new FakeApi((req) => {
    if (req.path === '/v4/linode/instances') return { body: { data: instances, page: 1, pages: 1, results: instances.length } };
    if (req.path === '/v4/networking/ips') return { body: { data: ips, page: 1, pages: 1, results: ips.length } };
    return undefined;
  });
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await fake.close();
  });
  beforeEach(() => {
    fake.failing = false;
    instances = [
      instance(26838044, 'prometheus-linode-sd-exporter-1', ['45.33.82.151', '96.126.108.16', '192.168.170.51']),
      instance(26837938, 'no-ip', []),
      instance(26848419, 'other', ['173.230.145.175'], { tags: [], backups: { enabled: true } }),
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(linodeMechanism, { authorization: { credentials: 'linode-token' }, ...extra }, { vendorEndpoints: { linode: `${fake.url}/v4` } });
    runs.push(r);
    return r;
  }

  it('every instance with IPv4, with every meta label', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('Linode');
    expect(group.targets[0]).toEqual({
      __address__: '45.33.82.151:9100',
      __meta_linode_instance_id: '26838044',
      __meta_linode_instance_label: 'prometheus-linode-sd-exporter-1',
      __meta_linode_image: 'linode/arch',
      __meta_linode_private_ipv4: '192.168.170.51',
      __meta_linode_public_ipv4: '45.33.82.151',
      __meta_linode_public_ipv6: '2600:3c03::f03c:92ff:fe1a:1382',
      __meta_linode_private_ipv4_rdns: '',
      __meta_linode_public_ipv4_rdns: 'li1028-151.members.linode.com',
      __meta_linode_public_ipv6_rdns: '',
      __meta_linode_region: 'us-east',
      __meta_linode_type: 'g6-standard-2',
      __meta_linode_status: 'running',
      __meta_linode_group: '',
      __meta_linode_gpus: '0',
      __meta_linode_hypervisor: 'kvm',
      __meta_linode_backups: 'disabled',
      __meta_linode_specs_disk_bytes: '85899345920',
      __meta_linode_specs_memory_bytes: '4294967296',
      __meta_linode_specs_vcpus: '2',
      __meta_linode_specs_transfer_bytes: '4194304000',
      __meta_linode_tags: ',monitoring,',
      __meta_linode_extra_ips: ',96.126.108.16,',
    });
    expect(group.targets.map((t) => t.__address__)).toEqual(['45.33.82.151:9100', '173.230.145.175:9100']);
    expect(fake.requests[0].headers.authorization).toBe('Bearer linode-token');
  });

  it('relabels on the linode meta labels', async () => {
    const r = await run({ tag_separator: '|' });
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_linode_tags'], regex: '.*\\|monitoring\\|.*', action: 'keep' },
      { source_labels: ['__meta_linode_private_ipv4'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_linode_instance_label'], target_label: 'node' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://192.168.170.51:7777/errors', { instance: '192.168.170.51:7777', node: 'prometheus-linode-sd-exporter-1' }],
    ]);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (instances = instances.slice(2)), ['173.230.145.175:80']);
  });
});
