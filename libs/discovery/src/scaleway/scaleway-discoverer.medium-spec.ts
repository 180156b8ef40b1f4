import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { scalewayMechanism } from '.';
import type { ScalewayBaremetal, ScalewayInstance } from './scaleway-discoverer';

function instances(): ScalewayInstance[] {
  return [
    {
      id: '93c18a61-b681-49d0-a1cc-62b43883ae89',
      name: 'scw-nervous-shirley',
      organization: '20b3d507-96ac-454c-a795-bc731b46b12f',
      project: '20b3d507-96ac-454c-a795-bc731b46b12f',
      commercial_type: 'DEV1-S',
      hostname: 'scw-nervous-shirley',
      state: 'running',
      boot_type: 'local',
      zone: 'fr-par-1',
      tags: ['foo', 'bar'],
      image: { id: '71733b74-260f-4d0d-8f18-f37dcfa56d6f', name: 'Debian Buster', arch: 'x86_64' },
      location: { cluster_id: '40', hypervisor_id: '1601', node_id: '29' },
      security_group: { id: '984414da-9fc2-49c0-a925-fed6266fe092', name: 'Default security group' },
      public_ips: [
        { address: '51.158.183.115', family: 'inet' },
        { address: '2001:bc8:630:1e1c::1', family: 'inet6' },
      ],
      private_ip: '10.70.60.57',
    },
    {
      id: 'b',
      name: 'public-only',
      organization: 'o',
      project: 'p',
      commercial_type: 'DEV1-S',
      hostname: 'h',
      state: 'running',
      boot_type: 'local',
      zone: 'fr-par-1',
      public_ips: [{ address: '51.158.183.116', family: 'inet' }],
    },
    { id: 'c', name: 'no-ip', organization: 'o', project: 'p', commercial_type: 'DEV1-S', hostname: 'h', state: 'stopped', boot_type: 'local', zone: 'fr-par-1' },
  ];
}

describe('scaleway_sd_configs against a fake Scaleway API (api_url)', () => {
  let servers = instances();
  const metal: ScalewayBaremetal[] = [
    {
      id: 'm1',
      name: 'metal-1',
      zone: 'fr-par-2',
      status: 'ready',
      offer_id: 'o1',
      install: { os_id: 'os1' },
      tags: ['db'],
      ips: [
        { address: '51.15.1.1', version: 'IPv4' },
        { address: '2001:bc8::1', version: 'IPv6' },
      ],
    },
  ];
  const fake = new FakeApi((req) => {
    const page = Number(req.query.get('page'));
    // Two instances per page.
    if (req.path === '/instance/v1/zones/fr-par-1/servers') return { body: { servers: servers.slice((page - 1) * 2, page * 2), total_count: servers.length } };
    if (req.path === '/baremetal/v1/zones/fr-par-2/servers') return { body: { servers: metal, total_count: metal.length } };
    if (req.path === '/baremetal/v1/zones/fr-par-2/offers') return { body: { offers: [{ id: 'o1', name: 'EM-A210R-HDD' }], total_count: 1 } };
    if (req.path === '/baremetal/v1/zones/fr-par-2/os') return { body: { os: [{ id: 'os1', name: 'Ubuntu', version: '22.04 LTS' }], total_count: 1 } };
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
    servers = instances();
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(scalewayMechanism, { role: 'instance', project_id: 'proj', access_key: 'SCWXXXX', secret_key: 'scw-secret', api_url: fake.url, ...extra });
    runs.push(r);
    return r;
  }

  it('role instance: every instance with an address, across pages, with every meta label and the token', async () => {
    const r = await run({ port: 9100, name_filter: 'scw', tags_filter: ['foo'] });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('scaleway');
    expect(group.targets[0]).toEqual({
      __address__: '10.70.60.57:9100',
      __meta_scaleway_instance_boot_type: 'local',
      __meta_scaleway_instance_hostname: 'scw-nervous-shirley',
      __meta_scaleway_instance_id: '93c18a61-b681-49d0-a1cc-62b43883ae89',
      __meta_scaleway_instance_image_arch: 'x86_64',
      __meta_scaleway_instance_image_id: '71733b74-260f-4d0d-8f18-f37dcfa56d6f',
      __meta_scaleway_instance_image_name: 'Debian Buster',
      __meta_scaleway_instance_location_cluster_id: '40',
      __meta_scaleway_instance_location_hypervisor_id: '1601',
      __meta_scaleway_instance_location_node_id: '29',
      __meta_scaleway_instance_name: 'scw-nervous-shirley',
      __meta_scaleway_instance_organization_id: '20b3d507-96ac-454c-a795-bc731b46b12f',
      __meta_scaleway_instance_private_ipv4: '10.70.60.57',
      __meta_scaleway_instance_project_id: '20b3d507-96ac-454c-a795-bc731b46b12f',
      __meta_scaleway_instance_public_ipv4_addresses: ',51.158.183.115,',
      __meta_scaleway_instance_public_ipv6_addresses: ',2001:bc8:630:1e1c::1,',
      __meta_scaleway_instance_region: 'fr-par',
      __meta_scaleway_instance_security_group_id: '984414da-9fc2-49c0-a925-fed6266fe092',
      __meta_scaleway_instance_security_group_name: 'Default security group',
      __meta_scaleway_instance_status: 'running',
      __meta_scaleway_instance_tags: ',foo,bar,',
      __meta_scaleway_instance_type: 'DEV1-S',
      __meta_scaleway_instance_zone: 'fr-par-1',
    });
    expect(group.targets.map((t) => t.__address__)).toEqual(['10.70.60.57:9100', '51.158.183.116:9100']);
    const asked = fake.requests.find((q) => q.path.endsWith('/servers'))!;
    expect(asked.headers['x-auth-token']).toBe('scw-secret');
    expect([asked.query.get('name'), asked.query.get('tags')]).toEqual(['scw', 'foo']);
  });

  it('role baremetal: a target per IP with offer and OS labels', async () => {
    const r = await run({ role: 'baremetal', zone: 'fr-par-2' });
    const common = {
      __meta_scaleway_baremetal_id: 'm1',
      __meta_scaleway_baremetal_name: 'metal-1',
      __meta_scaleway_baremetal_zone: 'fr-par-2',
      __meta_scaleway_baremetal_status: 'ready',
      __meta_scaleway_baremetal_type: 'EM-A210R-HDD',
      __meta_scaleway_baremetal_os_name: 'Ubuntu',
      __meta_scaleway_baremetal_os_version: '22.04 LTS',
      __meta_scaleway_baremetal_tags: ',db,',
      __meta_scaleway_baremetal_ip_is_public: 'true',
    };
    expect(r.latest()[0].targets).toEqual([
      { ...common, __address__: '51.15.1.1:80', __meta_scaleway_baremetal_ip_version: 'IPv4' },
      { ...common, __address__: '[2001:bc8::1]:80', __meta_scaleway_baremetal_ip_version: 'IPv6' },
    ]);
    expect(fake.requests.find((q) => q.path === '/baremetal/v1/zones/fr-par-2/servers')!.query.get('project_id')).toBe('proj');
  });

  it('relabels on the scaleway meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_scaleway_instance_tags'], regex: '.*,foo,.*', action: 'keep' },
      { source_labels: ['__meta_scaleway_instance_public_ipv4_addresses'], regex: ',([^,]+),', target_label: '__address__', replacement: '$1:7777' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => t.url)).toEqual(['http://51.158.183.115:7777/errors']);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => servers.shift(), ['51.158.183.116:80']);
  });
});

describe('scaleway_sd_configs parsing', () => {
  it.each([
    [{ project_id: 'p', access_key: 'a', secret_key: 's' }, 'role missing (one of: instance, baremetal)'],
    [{ role: 'instance', access_key: 'a', secret_key: 's' }, 'project_id is mandatory'],
    [{ role: 'instance', project_id: 'p', access_key: 'a' }, 'one of secret_key & secret_key_file must be configured'],
    [{ role: 'instance', project_id: 'p', access_key: 'a', secret_key: 's', secret_key_file: 'f' }, 'at most one of secret_key & secret_key_file must be configured'],
    [{ role: 'instance', project_id: 'p', secret_key: 's' }, 'access_key is mandatory'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => scalewayMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(scalewayMechanism.parse({ role: 'instance', project_id: 'p', access_key: 'a', secret_key: 's' }, { baseDir: '/' })).toMatchObject({
      apiUrl: 'https://api.scaleway.com',
      zone: 'fr-par-1',
      port: 80,
      refreshIntervalMs: 60_000,
    });
  });
});
