import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { vultrMechanism } from '.';
import type { VultrInstance } from './vultr-discoverer';

function instance(id: string, label: string, ip: string, extra: Partial<VultrInstance> = {}): VultrInstance {
  return {
    id,
    label,
    os: 'Marketplace',
    os_id: 426,
    region: 'ams',
    plan: 'vhf-2c-4gb',
    main_ip: ip,
    v6_main_ip: '',
    internal_ip: '10.7.96.3',
    hostname: label,
    server_status: 'ok',
    vcpu_count: 2,
    ram: 4096,
    allowed_bandwidth: 3000,
    disk: 128,
    features: ['ddos_protection'],
    tags: ['tag1', 'tag2'],
    ...extra,
  };
}

describe('vultr_sd_configs against a fake Vultr API (vendor endpoint override)', () => {
  let instances: VultrInstance[];
  const fake = new FakeApi((req) => {
    if (req.path !== '/v2/instances') return undefined;
    // Cursor pagination: one instance per page.
    const index = Number(req.query.get('cursor') ?? 0);
    const next = index + 1 < instances.length ? String(index + 1) : '';
    return { body: { instances: instances.slice(index, index + 1), meta: { total: instances.length, links: { next, prev: '' } } } };
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
      instance('dbdbd38c-9884-4c92-95fe-899e50dee717', 'np-2-eae38a19b0f3', '149.28.237.151'),
      instance('fccb117c-62f7-4b17-995d-a8e56dd30b33', 'np-2-fd0714b5fe42', '149.28.234.244', { features: [], tags: [] }),
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(vultrMechanism, { authorization: { credentials: 'vultr-key' }, ...extra }, { vendorEndpoints: { vultr: `${fake.url}/v2` } });
    runs.push(r);
    return r;
  }

  it('every instance across cursor pages, with every meta label', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('Vultr');
    expect(group.targets[0]).toEqual({
      __address__: '149.28.237.151:9100',
      __meta_vultr_instance_id: 'dbdbd38c-9884-4c92-95fe-899e50dee717',
      __meta_vultr_instance_label: 'np-2-eae38a19b0f3',
      __meta_vultr_instance_os: 'Marketplace',
      __meta_vultr_instance_os_id: '426',
      __meta_vultr_instance_region: 'ams',
      __meta_vultr_instance_plan: 'vhf-2c-4gb',
      __meta_vultr_instance_main_ip: '149.28.237.151',
      __meta_vultr_instance_main_ipv6: '',
      __meta_vultr_instance_internal_ip: '10.7.96.3',
      __meta_vultr_instance_features: ',ddos_protection,',
      __meta_vultr_instance_tags: ',tag1,tag2,',
      __meta_vultr_instance_hostname: 'np-2-eae38a19b0f3',
      __meta_vultr_instance_server_status: 'ok',
      __meta_vultr_instance_vcpu_count: '2',
      __meta_vultr_instance_ram_mb: '4096',
      __meta_vultr_instance_allowed_bandwidth_gb: '3000',
      __meta_vultr_instance_disk_gb: '128',
    });
    expect(group.targets.map((t) => t.__address__)).toEqual(['149.28.237.151:9100', '149.28.234.244:9100']);
    expect(fake.requests[0].headers.authorization).toBe('Bearer vultr-key');
  });

  it('relabels on the vultr meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_vultr_instance_tags'], regex: '.*,tag2,.*', action: 'keep' },
      { source_labels: ['__meta_vultr_instance_region'], target_label: 'region' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://149.28.237.151:80/errors', { instance: '149.28.237.151:80', region: 'ams' }],
    ]);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => instances.shift(), ['149.28.234.244:80']);
  });
});
