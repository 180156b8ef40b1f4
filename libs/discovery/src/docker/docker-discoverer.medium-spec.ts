import { FakeApi } from '../../test/fake-api';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { dockerMechanism } from '.';
import type { DockerContainer } from './docker-discoverer';

/** Containers and networks in the Docker Engine API's shapes (as `docker ps` lists them). */
function container(id: string, name: string, ip: string, ports: DockerContainer['Ports'], extra: Partial<DockerContainer> = {}): DockerContainer {
  return {
    Id: id,
    Names: [`/${name}`],
    Labels: { 'com.docker.compose.service': name, 'prometheus-job': name },
    Ports: ports,
    HostConfig: { NetworkMode: 'dockersd_default' },
    NetworkSettings: { Networks: { dockersd_default: { NetworkID: 'net1', IPAddress: ip } } },
    ...extra,
  };
}

const networks = [
  { Id: 'net1', Name: 'dockersd_default', Scope: 'local', Internal: false, Ingress: false, Labels: { 'com.docker.compose.network': 'default' } },
  { Id: 'net2', Name: 'zzz_other', Scope: 'local', Internal: true, Ingress: false, Labels: {} },
];

describe('docker_sd_configs against a fake Docker daemon on a unix socket', () => {
  let containers: DockerContainer[];
  const fake = new FakeApi((req) => {
    if (req.path === '/_ping') return { headers: { 'Api-Version': '1.43', 'Content-Type': 'text/plain' }, body: 'OK' };
    if (req.path === '/v1.43/containers/json') return { body: containers };
    if (req.path === '/v1.43/networks') return { body: networks };
    return undefined;
  });
  const runs: MechanismRun[] = [];

  beforeAll(async () => {
    await fake.start({ socket: true });
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await fake.close();
  });
  beforeEach(() => {
    fake.failing = false;
    containers = [
      container('c1', 'web', '172.19.0.2', [
        { PrivatePort: 9100, Type: 'tcp' },
        { IP: '0.0.0.0', PrivatePort: 8080, PublicPort: 32768, Type: 'tcp' },
        { PrivatePort: 53, Type: 'udp' },
      ]),
      container('c2', 'noports', '172.19.0.3', []),
      container('c3', 'hostnet', '', [], { HostConfig: { NetworkMode: 'host' }, NetworkSettings: { Networks: { host: { NetworkID: 'hostnet', IPAddress: '' } } } }),
      container('c4', 'sidecar', '', [{ PrivatePort: 7000, Type: 'tcp' }], { HostConfig: { NetworkMode: 'container:c1' }, NetworkSettings: { Networks: {} } }),
      container('c5', 'twonets', '172.19.0.5', [], {
        NetworkSettings: { Networks: { zzz_other: { NetworkID: 'net2', IPAddress: '10.9.0.5' }, dockersd_default: { NetworkID: 'net1', IPAddress: '172.19.0.5' } } },
      }),
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(dockerMechanism, { host: `unix://${fake.socketPath}`, ...extra });
    runs.push(r);
    return r;
  }

  it('lists one target per TCP port per network with every meta label', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('Docker');
    const net1 = {
      __meta_docker_network_id: 'net1',
      __meta_docker_network_name: 'dockersd_default',
      __meta_docker_network_scope: 'local',
      __meta_docker_network_internal: 'false',
      __meta_docker_network_ingress: 'false',
      __meta_docker_network_label_com_docker_compose_network: 'default',
    };
    const web = {
      __meta_docker_container_id: 'c1',
      __meta_docker_container_name: '/web',
      __meta_docker_container_network_mode: 'dockersd_default',
      __meta_docker_container_label_com_docker_compose_service: 'web',
      __meta_docker_container_label_prometheus_job: 'web',
      ...net1,
    };
    expect(group.targets).toEqual([
      { __address__: '172.19.0.2:9100', __meta_docker_network_ip: '172.19.0.2', __meta_docker_port_private: '9100', ...web },
      {
        __address__: '172.19.0.2:8080',
        __meta_docker_network_ip: '172.19.0.2',
        __meta_docker_port_private: '8080',
        __meta_docker_port_public: '32768',
        __meta_docker_port_public_ip: '0.0.0.0',
        ...web,
      },
      expect.objectContaining({ __address__: '172.19.0.3:80', __meta_docker_container_name: '/noports', __meta_docker_network_ip: '172.19.0.3' }),
      expect.objectContaining({ __address__: 'localhost', __meta_docker_container_name: '/hostnet', __meta_docker_container_network_mode: 'host' }),
      // A container sharing c1's network stack is reached on c1's address.
      expect.objectContaining({ __address__: '172.19.0.2:7000', __meta_docker_container_name: '/sidecar', __meta_docker_container_network_mode: 'container:c1' }),
      // match_first_network: only the first network by name.
      expect.objectContaining({ __address__: '172.19.0.5:80', __meta_docker_container_name: '/twonets', __meta_docker_network_name: 'dockersd_default' }),
    ]);
    // API version negotiated through /_ping, as Docker's own client does.
    expect(fake.requests.some((q) => q.path === '/v1.43/containers/json')).toBe(true);
  });

  it('honours port, host_networking_host, match_first_network: false and filters', async () => {
    const r = await run({ port: 9999, host_networking_host: 'docker-host', match_first_network: false, filters: [{ name: 'label', values: ['prometheus-job'] }] });
    expect(addresses(r.latest())).toEqual(['10.9.0.5:9999', '172.19.0.2:7000', '172.19.0.2:8080', '172.19.0.2:9100', '172.19.0.3:9999', '172.19.0.5:9999', 'docker-host']);
    const listed = fake.requests.filter((q) => q.path.endsWith('/containers/json')).pop();
    expect(JSON.parse(listed!.query.get('filters')!)).toEqual({ label: { 'prometheus-job': true } });
  });

  it('relabels on the docker meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_docker_container_label_prometheus_job'], regex: 'web', action: 'keep' },
      { source_labels: ['__meta_docker_port_private'], regex: '9100', action: 'keep' },
      { source_labels: ['__meta_docker_container_name'], regex: '/(.*)', target_label: 'container' },
    ]);
    const targets = populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' });
    expect(targets.map((t) => [t.url, t.labels])).toEqual([['http://172.19.0.2:9100/errors', { container: 'web', instance: '172.19.0.2:9100' }]]);
  });

  it('keeps the last targets while the daemon fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (containers = [containers[1]]), ['172.19.0.3:80']);
    expect(r.errors[0].message).toContain('HTTP 500');
  });

  it('talks HTTP to an http:// daemon, with the http_config credentials', async () => {
    const tcp = await new FakeApi((req) => (req.path === '/containers/json' ? { body: [containers[1]] } : req.path === '/networks' ? { body: networks } : undefined)).start();
    try {
      const r = await run({ host: tcp.url, authorization: { credentials: 'docker-secret' } });
      expect(addresses(r.latest())).toEqual(['172.19.0.3:80']);
      expect(tcp.requests.find((q) => q.path === '/containers/json')?.headers.authorization).toBe('Bearer docker-secret');
    } finally {
      await tcp.close();
    }
  });
});

describe('docker_sd_configs parsing', () => {
  it.each([
    [{}, 'host missing'],
    [{ host: 'unix:///var/run/docker.sock', hosts: 'x' }, 'field hosts not found in type moby.DockerSDConfig'],
    [{ host: 'unix:///var/run/docker.sock', filters: [{ name: 'x', value: ['y'] }] }, 'field value not found in type moby.Filter'],
    [{ host: 'unix:///var/run/docker.sock', refresh_interval: '1' }, 'not a valid duration string'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => dockerMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(dockerMechanism.parse({ host: 'unix:///var/run/docker.sock' }, { baseDir: '/' })).toMatchObject({
      port: 80,
      hostNetworkingHost: 'localhost',
      matchFirstNetwork: true,
      refreshIntervalMs: 60_000,
      filters: [],
    });
  });
});
