import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { hetznerMechanism } from '.';
import type { HcloudServer, RobotServer } from './hetzner-discoverer';

function hcloudServer(id: number, name: string, ip: string, extra: Partial<HcloudServer> = {}): HcloudServer {
  return {
    id,
    name,
    status: 'running',
    public_net: { ipv4: { ip }, ipv6: { ip: '2001:db8::/64' } },
    private_net: [{ network: 4711, ip: '10.0.0.2' }],
    server_type: { name: 'cx11', cores: 1, cpu_type: 'shared', memory: 1.5, disk: 25 },
    datacenter: { name: 'fsn1-dc14', location: { name: 'fsn1', network_zone: 'eu-central' } },
    image: { name: 'ubuntu-20.04', description: 'Ubuntu 20.04 Standard 64 bit', os_version: '20.04', os_flavor: 'ubuntu' },
    labels: { 'my-key': 'my-value' },
    ...extra,
  };
}

describe('hetzner_sd_configs against fake Hetzner Cloud and Robot APIs (vendor endpoint override)', () => {
  let servers: HcloudServer[];
  let robot: RobotServer[];
  const fake = new FakeApi((req) => {
    if (req.path === '/v1/servers') {
      // Two pages of one server each, as Hetzner paginates.
      const page = Number(req.query.get('page'));
      const next = page < servers.length ? page + 1 : null;
      return { body: { servers: servers.slice(page - 1, page), meta: { pagination: { page, per_page: 50, next_page: next } } } };
    }
    if (req.path === '/v1/networks') return { body: { networks: [{ id: 4711, name: 'mynet' }], meta: { pagination: { page: 1, next_page: null } } } };
    if (req.path === '/server') return { body: robot };
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
    servers = [hcloudServer(42, 'my-server', '1.2.3.4'), hcloudServer(44, 'bare', '1.2.3.5', { image: null, labels: {}, private_net: [] })];
    robot = [
      {
        server: {
          server_ip: '123.123.123.123',
          server_number: 321,
          server_name: 'server1',
          dc: 'NBG1-DC1',
          status: 'ready',
          product: 'DS 3000',
          cancelled: false,
          subnet: [
            { ip: '2a01:4f8:111:4221::', mask: '64' },
            { ip: '123.123.123.123', mask: '32' },
          ],
        },
      },
    ];
  });

  async function run(raw: Record<string, unknown>) {
    const r = await runMechanism(hetznerMechanism, raw, { vendorEndpoints: { hetzner_hcloud: `${fake.url}/v1`, hetzner_robot: fake.url } });
    runs.push(r);
    return r;
  }

  it('role hcloud: every server across pages with every meta label, sending the token and label selector', async () => {
    const r = await run({ role: 'hcloud', port: 9100, label_selector: 'env=prod', authorization: { credentials: 'hcloud-token' } });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('hetzner');
    expect(group.targets[0]).toEqual({
      __address__: '1.2.3.4:9100',
      __meta_hetzner_role: 'hcloud',
      __meta_hetzner_server_id: '42',
      __meta_hetzner_server_name: 'my-server',
      __meta_hetzner_server_status: 'running',
      __meta_hetzner_datacenter: 'fsn1-dc14',
      __meta_hetzner_public_ipv4: '1.2.3.4',
      __meta_hetzner_public_ipv6_network: '2001:db8::/64',
      __meta_hetzner_hcloud_datacenter_location: 'fsn1',
      __meta_hetzner_hcloud_datacenter_location_network_zone: 'eu-central',
      __meta_hetzner_hcloud_server_type: 'cx11',
      __meta_hetzner_hcloud_cpu_cores: '1',
      __meta_hetzner_hcloud_cpu_type: 'shared',
      __meta_hetzner_hcloud_memory_size_gb: '1',
      __meta_hetzner_hcloud_disk_size_gb: '25',
      __meta_hetzner_hcloud_image_name: 'ubuntu-20.04',
      __meta_hetzner_hcloud_image_description: 'Ubuntu 20.04 Standard 64 bit',
      __meta_hetzner_hcloud_image_os_version: '20.04',
      __meta_hetzner_hcloud_image_os_flavor: 'ubuntu',
      __meta_hetzner_hcloud_private_ipv4_mynet: '10.0.0.2',
      __meta_hetzner_hcloud_label_my_key: 'my-value',
      __meta_hetzner_hcloud_labelpresent_my_key: 'true',
    });
    expect(group.targets[1].__address__).toBe('1.2.3.5:9100');
    const listed = fake.requests.find((q) => q.path === '/v1/servers')!;
    expect(listed.headers.authorization).toBe('Bearer hcloud-token');
    expect(listed.query.get('label_selector')).toBe('env=prod');
  });

  it('role robot: dedicated servers with basic auth', async () => {
    const r = await run({ role: 'robot', basic_auth: { username: 'robot-user', password: 'robot-pass' } });
    expect(r.latest()[0].targets).toEqual([
      {
        __address__: '123.123.123.123:80',
        __meta_hetzner_role: 'robot',
        __meta_hetzner_server_id: '321',
        __meta_hetzner_server_name: 'server1',
        __meta_hetzner_datacenter: 'nbg1-dc1',
        __meta_hetzner_public_ipv4: '123.123.123.123',
        __meta_hetzner_public_ipv6_network: '2a01:4f8:111:4221::/64',
        __meta_hetzner_server_status: 'ready',
        __meta_hetzner_robot_product: 'DS 3000',
        __meta_hetzner_robot_cancelled: 'false',
      },
    ]);
    expect(fake.requests.find((q) => q.path === '/server')!.headers.authorization).toBe(`Basic ${Buffer.from('robot-user:robot-pass').toString('base64')}`);
  });

  it('relabels on the hetzner meta labels', async () => {
    const r = await run({ role: 'hcloud' });
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_hetzner_hcloud_labelpresent_my_key'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_hetzner_hcloud_private_ipv4_mynet'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_hetzner_server_name'], target_label: 'server' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://10.0.0.2:7777/errors', { instance: '10.0.0.2:7777', server: 'my-server' }],
    ]);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run({ role: 'robot', refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (robot[0].server.server_ip = '123.123.123.124'), ['123.123.123.124:80']);
    expect(r.errors[0].message).toBe("non 2xx status '500' response during hetzner service discovery with role robot");
  });
});

describe('hetzner_sd_configs parsing', () => {
  it.each([
    [{}, 'role missing (one of: robot, hcloud)'],
    [{ role: 'cloud' }, 'unknown role "cloud"'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => hetznerMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
