import { FakeOpenstack } from '../../test/fake-openstack';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { openstackMechanism } from '.';
import { tokenRequest } from './keystone';
import { createOpenstackDiscoverer } from './openstack-discoverer';
import { parseOpenstackSdConfig } from './openstack-sd-config';

// Shapes from the Nova, Neutron and Octavia API references.
function servers() {
  return [
    {
      id: 'ef079b0c-e610-4dfb-b1aa-b49f07ac48e5',
      name: 'herp',
      status: 'ACTIVE',
      tenant_id: 'fcad67a6189847c4aecfa3c81a05783b',
      user_id: '9349aff8be7545ac9d2f1d00999a23cd',
      flavor: { original_name: 'm1.small', vcpus: 1, ram: 2048 },
      image: { id: '4f8e5a6c-0a6b-4d4c-8d6e-3bd0f5b4f0a1' },
      metadata: { 'app.kubernetes.io/name': 'web', env: 'prod' },
      addresses: {
        private: [
          { version: 4, addr: '10.0.0.32', 'OS-EXT-IPS:type': 'fixed' },
          { version: 4, addr: '10.10.10.2', 'OS-EXT-IPS:type': 'floating' },
        ],
      },
    },
    {
      id: '9e5476bd-a4ec-4653-93d6-72c93aa682ba',
      name: 'derp',
      status: 'ACTIVE',
      tenant_id: 'fcad67a6189847c4aecfa3c81a05783b',
      user_id: 'u2',
      flavor: { original_name: 'm1.tiny' },
      image: '',
      metadata: {},
      addresses: { private: [{ version: 4, addr: '10.0.0.31' }], lan: [{ version: 6, addr: 'fd00::5' }] },
    },
    { id: 'no-address', name: 'merp', status: 'SHUTOFF', tenant_id: 't', user_id: 'u', flavor: { original_name: 'm1.tiny' }, image: '', metadata: {}, addresses: {} },
  ];
}

describe('openstack_sd_configs against a fake OpenStack (Keystone v3, Nova, Neutron, Octavia)', () => {
  const cloud = new FakeOpenstack();
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    await cloud.start();
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await cloud.close();
  });
  beforeEach(() => {
    cloud.failing = false;
    cloud.requests.length = 0;
    cloud.servers = servers();
    cloud.ports = [
      { id: 'p1', device_id: 'ef079b0c-e610-4dfb-b1aa-b49f07ac48e5' },
      { id: 'p2', device_id: 'lb-vip-owner' },
      { id: 'p3', device_id: 'other' },
    ];
    cloud.floatingIps = [
      { floating_ip_address: '10.10.10.2', fixed_ip_address: '10.0.0.32', port_id: 'p1' },
      { floating_ip_address: '10.10.10.9', fixed_ip_address: null, port_id: null },
      { floating_ip_address: '10.10.10.10', fixed_ip_address: '192.168.1.2', port_id: 'vip-port-1' },
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(openstackMechanism, {
      role: 'instance',
      region: 'RegionOne',
      identity_endpoint: `${cloud.url}/identity/v3`,
      username: 'admin',
      password: 's3cret',
      domain_name: 'Default',
      project_name: 'demo',
      ...extra,
    });
    runs.push(r);
    return r;
  }

  it('role instance: a target per fixed address across pages, floating IP as public_ip, every meta label', async () => {
    const r = await run({ port: 9100, all_tenants: true });
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('OS_RegionOne');
    expect(group.targets).toEqual([
      {
        __address__: '10.0.0.32:9100',
        __meta_openstack_instance_id: 'ef079b0c-e610-4dfb-b1aa-b49f07ac48e5',
        __meta_openstack_instance_name: 'herp',
        __meta_openstack_instance_status: 'ACTIVE',
        __meta_openstack_instance_flavor: 'm1.small',
        __meta_openstack_instance_image: '4f8e5a6c-0a6b-4d4c-8d6e-3bd0f5b4f0a1',
        __meta_openstack_project_id: 'fcad67a6189847c4aecfa3c81a05783b',
        __meta_openstack_user_id: '9349aff8be7545ac9d2f1d00999a23cd',
        __meta_openstack_tag_app_kubernetes_io_name: 'web',
        __meta_openstack_tag_env: 'prod',
        __meta_openstack_address_pool: 'private',
        __meta_openstack_private_ip: '10.0.0.32',
        __meta_openstack_public_ip: '10.10.10.2',
      },
      {
        __address__: '10.0.0.31:9100',
        __meta_openstack_instance_id: '9e5476bd-a4ec-4653-93d6-72c93aa682ba',
        __meta_openstack_instance_name: 'derp',
        __meta_openstack_instance_status: 'ACTIVE',
        __meta_openstack_instance_flavor: 'm1.tiny',
        __meta_openstack_project_id: 'fcad67a6189847c4aecfa3c81a05783b',
        __meta_openstack_user_id: 'u2',
        __meta_openstack_address_pool: 'private',
        __meta_openstack_private_ip: '10.0.0.31',
      },
      {
        __address__: '[fd00::5]:9100',
        __meta_openstack_instance_id: '9e5476bd-a4ec-4653-93d6-72c93aa682ba',
        __meta_openstack_instance_name: 'derp',
        __meta_openstack_instance_status: 'ACTIVE',
        __meta_openstack_instance_flavor: 'm1.tiny',
        __meta_openstack_project_id: 'fcad67a6189847c4aecfa3c81a05783b',
        __meta_openstack_user_id: 'u2',
        __meta_openstack_address_pool: 'lan',
        __meta_openstack_private_ip: 'fd00::5',
      },
    ]);
    // Two pages of servers and ports, following the next links; the token on every call.
    const serverCalls = cloud.requests.filter((q) => q.path === '/compute/v2.1/servers/detail');
    expect(serverCalls.map((q) => q.query.get('marker'))).toEqual([null, '2']);
    expect(serverCalls.every((q) => q.query.get('all_tenants') === 'true' && q.headers['x-openstack-nova-api-version'] === '2.90')).toBe(true);
    expect(cloud.requests.filter((q) => q.path === '/network/v2.0/ports')).toHaveLength(2);
  });

  it('sends Keystone the password, user domain and project scope', async () => {
    await run();
    const login = cloud.requests.find((q) => q.path === '/identity/v3/auth/tokens')!;
    expect(JSON.parse(login.body)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: 's3cret' } } },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    });
  });

  it('logs in with an application credential, finding v3 through the version document', async () => {
    const r = await run({
      identity_endpoint: `${cloud.url}/identity`,
      username: '',
      password: '',
      project_name: '',
      domain_name: '',
      application_credential_id: 'ac-1',
      application_credential_secret: 'ac-secret',
    });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toHaveLength(3);
    const login = cloud.requests.find((q) => q.path === '/identity/v3/auth/tokens')!;
    expect(JSON.parse(login.body)).toEqual({ auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac-1', secret: 'ac-secret' } } } });
  });

  it('a wrong password is a failed refresh that does not carry the password', async () => {
    const r = await run({ password: 'wrong-password' });
    expect(r.history).toEqual([]);
    expect(r.errors[0].message).toMatch(/^could not authenticate to OpenStack: .*HTTP 401/);
    expect(r.errors[0].message).not.toContain('wrong-password');
    // Nothing was asked of Nova without a token.
    expect(cloud.requests.some((q) => q.path.startsWith('/compute'))).toBe(false);
  });

  it('picks the endpoint of the configured region and availability from the catalog', async () => {
    const r = await run({ availability: 'internal' });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toEqual([]);
    expect(cloud.requests.some((q) => q.path === '/compute-internal/v2.1/servers/detail')).toBe(true);
    const missing = await run({ region: 'RegionThree' });
    expect(missing.errors[0].message).toMatch(/^could not create OpenStack compute session: No suitable endpoint/);
  });

  it('below compute microversion 2.47 the flavor is its id', async () => {
    cloud.computeVersion = '2.38';
    cloud.servers = [{ ...servers()[1], flavor: { id: '1', links: [] } }];
    try {
      const r = await run();
      expect(r.latest()[0].targets[0].__meta_openstack_instance_flavor).toBe('1');
      expect(cloud.requests.find((q) => q.path === '/compute/v2.1/servers/detail')!.headers['x-openstack-nova-api-version']).toBeUndefined();
    } finally {
      cloud.computeVersion = '2.90';
    }
  });

  it('role hypervisor: a target per hypervisor at its host IP', async () => {
    cloud.hypervisors = [
      { id: 1, hypervisor_hostname: 'nc14.cloud.com', host_ip: '172.16.70.14', status: 'enabled', state: 'up', hypervisor_type: 'QEMU' },
      { id: 'c4bc8a8b-9b8a-4a1f-8b0e-8f0a8a8b8a8b', hypervisor_hostname: 'cc14.cloud.com', host_ip: '172.16.70.13', status: 'enabled', state: 'down', hypervisor_type: 'QEMU' },
    ];
    const r = await run({ role: 'hypervisor', port: 9100 });
    expect(r.latest()[0].targets).toEqual([
      {
        __address__: '172.16.70.14:9100',
        __meta_openstack_hypervisor_id: '1',
        __meta_openstack_hypervisor_hostname: 'nc14.cloud.com',
        __meta_openstack_hypervisor_host_ip: '172.16.70.14',
        __meta_openstack_hypervisor_status: 'enabled',
        __meta_openstack_hypervisor_state: 'up',
        __meta_openstack_hypervisor_type: 'QEMU',
      },
      {
        __address__: '172.16.70.13:9100',
        __meta_openstack_hypervisor_id: 'c4bc8a8b-9b8a-4a1f-8b0e-8f0a8a8b8a8b',
        __meta_openstack_hypervisor_hostname: 'cc14.cloud.com',
        __meta_openstack_hypervisor_host_ip: '172.16.70.13',
        __meta_openstack_hypervisor_status: 'enabled',
        __meta_openstack_hypervisor_state: 'down',
        __meta_openstack_hypervisor_type: 'QEMU',
      },
    ]);
  });

  it('role loadbalancer: load balancers with a PROMETHEUS listener at vip:listener port', async () => {
    cloud.loadBalancers = [
      {
        id: 'lb-1',
        name: 'lb1',
        operating_status: 'ONLINE',
        provisioning_status: 'ACTIVE',
        availability_zone: 'az1',
        vip_address: '192.168.1.2',
        vip_port_id: 'vip-port-1',
        provider: 'amphora',
        project_id: 'fcad67a6189847c4aecfa3c81a05783b',
        tags: ['tag1', 'tag2'],
      },
      {
        id: 'lb-2',
        name: 'lb2',
        operating_status: 'ONLINE',
        provisioning_status: 'ACTIVE',
        availability_zone: '',
        vip_address: '192.168.1.3',
        vip_port_id: 'vip-port-2',
        provider: 'amphora',
        project_id: 'p',
        tags: [],
      },
      { id: 'lb-3', name: 'lb3', operating_status: 'ONLINE', provisioning_status: 'ACTIVE', vip_address: '192.168.1.4', vip_port_id: 'vip-port-3', provider: 'ovn', project_id: 'p', tags: [] },
    ];
    cloud.listeners = [
      { id: 'l1', protocol: 'HTTP', protocol_port: 80, loadbalancers: [{ id: 'lb-1' }] },
      { id: 'l2', protocol: 'PROMETHEUS', protocol_port: 9273, loadbalancers: [{ id: 'lb-1' }] },
      { id: 'l3', protocol: 'PROMETHEUS', protocol_port: 8080, loadbalancers: [{ id: 'lb-2' }] },
      { id: 'l4', protocol: 'TCP', protocol_port: 22, loadbalancers: [{ id: 'lb-3' }] },
    ];
    const r = await run({ role: 'loadbalancer' });
    expect(r.errors).toEqual([]);
    expect(r.latest()[0].targets).toEqual([
      {
        __address__: '192.168.1.2:9273',
        __meta_openstack_loadbalancer_id: 'lb-1',
        __meta_openstack_loadbalancer_name: 'lb1',
        __meta_openstack_loadbalancer_operating_status: 'ONLINE',
        __meta_openstack_loadbalancer_provisioning_status: 'ACTIVE',
        __meta_openstack_loadbalancer_availability_zone: 'az1',
        __meta_openstack_loadbalancer_vip: '192.168.1.2',
        __meta_openstack_loadbalancer_provider: 'amphora',
        __meta_openstack_loadbalancer_tags: 'tag1,tag2',
        __meta_openstack_loadbalancer_floating_ip: '10.10.10.10',
        __meta_openstack_project_id: 'fcad67a6189847c4aecfa3c81a05783b',
      },
      {
        __address__: '192.168.1.3:8080',
        __meta_openstack_loadbalancer_id: 'lb-2',
        __meta_openstack_loadbalancer_name: 'lb2',
        __meta_openstack_loadbalancer_operating_status: 'ONLINE',
        __meta_openstack_loadbalancer_provisioning_status: 'ACTIVE',
        __meta_openstack_loadbalancer_availability_zone: '',
        __meta_openstack_loadbalancer_vip: '192.168.1.3',
        __meta_openstack_loadbalancer_provider: 'amphora',
        __meta_openstack_project_id: 'p',
      },
    ]);
  });

  it('relabels on the openstack meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_openstack_tag_env'], regex: 'prod', action: 'keep' },
      { source_labels: ['__meta_openstack_public_ip'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_openstack_instance_name'], target_label: 'instance' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels.instance])).toEqual([['http://10.10.10.2:7777/errors', 'herp']]);
  });

  it('keeps the last targets while OpenStack fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, cloud, () => cloud.servers.shift(), ['10.0.0.31:80', '[fd00::5]:80']);
  });

  it('reads the OS_* variables when identity_endpoint is empty', async () => {
    const config = parseOpenstackSdConfig({ role: 'hypervisor', region: 'RegionOne' }, '/');
    cloud.hypervisors = [{ id: 7, hypervisor_hostname: 'h', host_ip: '172.16.0.7', status: 'enabled', state: 'up', hypervisor_type: 'QEMU' }];
    const errors: Error[] = [];
    const sent: string[] = [];
    const env = { OS_AUTH_URL: `${cloud.url}/identity/v3`, OS_USERNAME: 'admin', OS_PASSWORD: 's3cret', OS_PROJECT_ID: 'p1' };
    const d = createOpenstackDiscoverer(config, { onError: (_m, e) => errors.push(e) }, env);
    await d.start((groups) => sent.push(...groups.flatMap((g) => g.targets.map((t) => t.__address__))));
    await d.stop();
    expect(errors).toEqual([]);
    expect(sent).toEqual(['172.16.0.7:80']);
    const missing = createOpenstackDiscoverer(config, { onError: (_m, e) => errors.push(e) }, {});
    await missing.start(() => undefined);
    await missing.stop();
    expect(errors[0].message).toBe('could not authenticate to OpenStack: Missing environment variable [OS_AUTH_URL]');
  });
});

describe('Keystone token requests', () => {
  const none = {
    identityEndpoint: 'x',
    username: '',
    userId: '',
    password: 'pw',
    projectName: '',
    projectId: '',
    domainName: '',
    domainId: '',
    applicationCredentialName: '',
    applicationCredentialId: '',
    applicationCredentialSecret: '',
  };
  it.each([
    [
      { userId: 'u1', projectId: 'p1' },
      { identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw' } } }, scope: { project: { id: 'p1' } } },
    ],
    [
      { username: 'admin', domainId: 'd1' },
      { identity: { methods: ['password'], password: { user: { name: 'admin', domain: { id: 'd1' }, password: 'pw' } } }, scope: { domain: { id: 'd1' } } },
    ],
    [{ userId: 'u1' }, { identity: { methods: ['password'], password: { user: { id: 'u1', password: 'pw' } } } }],
    [
      { applicationCredentialName: 'ci', applicationCredentialSecret: 's', username: 'admin', domainName: 'Default', projectName: 'ignored' },
      { identity: { methods: ['application_credential'], application_credential: { name: 'ci', secret: 's', user: { name: 'admin', domain: { name: 'Default' } } } } },
    ],
  ])('%j', (fields, auth) => {
    expect(tokenRequest({ ...none, ...fields })).toEqual({ auth });
  });
});

describe('openstack_sd_configs parsing', () => {
  it.each([
    [{ region: 'r' }, 'role missing (one of: instance, hypervisor, loadbalancer)'],
    [{ role: 'vm', region: 'r' }, 'unknown OpenStack SD role "vm"'],
    [{ role: 'instance' }, 'openstack SD configuration requires a region'],
    [{ role: 'instance', region: 'r', availability: 'private' }, 'unknown availability private, must be one of admin, internal or public'],
    [{ role: 'instance', region: 'r', basic_auth: { username: 'u' } }, 'field basic_auth not found in type openstack.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => openstackMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(openstackMechanism.parse({ role: 'instance', region: 'r' }, { baseDir: '/' })).toMatchObject({
      port: 80,
      refreshIntervalMs: 60_000,
      availability: 'public',
      allTenants: false,
      credentials: null,
    });
  });
});
