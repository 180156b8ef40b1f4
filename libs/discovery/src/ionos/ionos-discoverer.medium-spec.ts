import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { ionosMechanism } from '.';
import type { IonosServers } from './ionos-discoverer';

const DC = '8feda53f-15f0-447f-badf-ebe32dad2fc0';

function servers(): IonosServers {
  const server = (id: string, name: string, nics: Array<{ name?: string; ips: string[] }>) => ({
    id,
    metadata: { state: 'AVAILABLE' },
    properties: { name, availabilityZone: 'ZONE_2', vmState: 'RUNNING', cpuFamily: 'INTEL_SKYLAKE', type: 'ENTERPRISE', bootVolume: { id: `vol-${id}` } },
    entities: { volumes: { items: [{ properties: { image: `img-${id}` } }] }, nics: { items: nics.map((n) => ({ properties: { name: n.name ?? null, ips: n.ips } })) } },
  });
  return {
    id: `${DC}/servers`,
    items: [server('b501942c', 'prometheus-2', [{ name: 'metrics', ips: ['85.215.243.177'] }, { ips: ['185.56.150.9', '85.215.238.16'] }]), server('523415e6', 'no-nics', [])],
  };
}

describe('ionos_sd_configs against a fake IONOS Cloud API (vendor endpoint override)', () => {
  let data = servers();
  const fake = new FakeApi((req) => (req.path === `/cloudapi/v6/datacenters/${DC}/servers` && req.query.get('depth') === '3' ? { body: data } : undefined));
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
    data = servers();
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(ionosMechanism, { datacenter_id: DC, basic_auth: { username: 'admin', password: 'pw' }, ...extra }, { vendorEndpoints: { ionos: fake.url } });
    runs.push(r);
    return r;
  }

  it('every server with addresses, with every meta label', async () => {
    const r = await run({ port: 9100 });
    expect(r.errors).toEqual([]);
    expect(r.latest()).toEqual([
      {
        source: 'ionos',
        labels: {},
        targets: [
          {
            __address__: '185.56.150.9:9100',
            __meta_ionos_server_availability_zone: 'ZONE_2',
            __meta_ionos_server_boot_image_id: 'img-b501942c',
            __meta_ionos_server_boot_volume_id: 'vol-b501942c',
            __meta_ionos_server_cpu_family: 'INTEL_SKYLAKE',
            __meta_ionos_server_id: 'b501942c',
            __meta_ionos_server_ip: ',185.56.150.9,85.215.238.16,85.215.243.177,',
            __meta_ionos_server_lifecycle: 'AVAILABLE',
            __meta_ionos_server_name: 'prometheus-2',
            __meta_ionos_server_nic_ip_metrics: ',85.215.243.177,',
            __meta_ionos_server_nic_ip_unnamed: ',185.56.150.9,85.215.238.16,',
            __meta_ionos_server_servers_id: `${DC}/servers`,
            __meta_ionos_server_state: 'RUNNING',
            __meta_ionos_server_type: 'ENTERPRISE',
          },
        ],
      },
    ]);
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
  });

  it('relabels on the ionos meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_ionos_server_nic_ip_metrics'], regex: ',([^,]+),', target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_ionos_server_name'], target_label: 'server' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://85.215.243.177:7777/errors', { instance: '85.215.243.177:7777', server: 'prometheus-2' }],
    ]);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (data.items[0].entities!.nics!.items = [{ properties: { name: 'x', ips: ['10.9.9.9'] } }]), ['10.9.9.9:80']);
  });

  it("refuses an empty datacenter_id: datacenter id can't be empty", () => {
    expect(() => ionosMechanism.parse({}, { baseDir: '/' })).toThrow("datacenter id can't be empty");
  });
});
