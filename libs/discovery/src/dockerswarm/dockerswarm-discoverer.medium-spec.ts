import { FakeApi } from '../../test/fake-api';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { dockerSwarmMechanism } from '.';
import type { SwarmNode, SwarmService, SwarmTask } from './swarm-types';

const networks = [
  { Id: 'ingress1', Name: 'ingress', Scope: 'swarm', Internal: false, Ingress: true, Labels: {} },
  { Id: 'mon1', Name: 'mon_net', Scope: 'swarm', Internal: false, Ingress: false, Labels: { 'com.docker.stack.namespace': 'mon' } },
];

function swarm() {
  const services: SwarmService[] = [
    {
      ID: 'svc-web',
      Spec: { Name: 'mon_web', Labels: { 'prometheus.scrape': 'true' }, Mode: { Replicated: {} }, TaskTemplate: { ContainerSpec: { Hostname: 'web-host', Image: 'web:1' } } },
      Endpoint: {
        Ports: [
          { Name: 'http', Protocol: 'tcp', PublishedPort: 8080, PublishMode: 'ingress' },
          { Protocol: 'udp', PublishedPort: 53 },
        ],
        VirtualIPs: [
          { NetworkID: 'ingress1', Addr: '10.0.0.7/24' },
          { NetworkID: 'mon1', Addr: '10.0.1.3/24' },
        ],
      },
      UpdateStatus: { State: 'completed' },
    },
    {
      ID: 'svc-agent',
      Spec: { Name: 'mon_agent', Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: 'agent:1' } } },
      Endpoint: { Ports: [], VirtualIPs: [{ NetworkID: 'mon1', Addr: '10.0.1.9/24' }] },
    },
  ];
  const nodes: SwarmNode[] = [
    {
      ID: 'node-1',
      Spec: { Role: 'manager', Availability: 'active', Labels: { 'node.zone': 'a' } },
      Description: { Hostname: 'ip-10-0-232-3', Platform: { Architecture: 'x86_64', OS: 'linux' }, Engine: { EngineVersion: '24.0.7' } },
      Status: { State: 'ready', Addr: '10.0.232.3' },
      ManagerStatus: { Leader: true, Reachability: 'reachable', Addr: '10.0.232.3:2377' },
    },
  ];
  const tasks: SwarmTask[] = [
    {
      ID: 'task-web-1',
      ServiceID: 'svc-web',
      NodeID: 'node-1',
      Slot: 1,
      DesiredState: 'running',
      Spec: { ContainerSpec: { Labels: { 'spec.label': 'from-spec' } } },
      Status: { State: 'running', ContainerStatus: { ContainerID: 'cont-1' }, PortStatus: { Ports: [{ Protocol: 'tcp', PublishedPort: 30000, PublishMode: 'host' }] } },
      NetworksAttachments: [{ Network: { ID: 'mon1' }, Addresses: ['10.0.1.4/24'] }],
    },
    {
      ID: 'task-agent-1',
      ServiceID: 'svc-agent',
      NodeID: 'node-1',
      DesiredState: 'shutdown',
      Status: { State: 'complete' },
      NetworksAttachments: [{ Network: { ID: 'mon1' }, Addresses: ['10.0.1.10/24'] }],
    },
  ];
  return { services, nodes, tasks };
}

describe('dockerswarm_sd_configs against a fake Swarm manager', () => {
  let data = swarm();
  const fake = new FakeApi((req) => {
    const path = req.path.replace(/^\/v1\.43/, '');
    if (req.path === '/_ping') return { headers: { 'Api-Version': '1.43', 'Content-Type': 'text/plain' }, body: 'OK' };
    if (path === '/services') return { body: data.services };
    if (path === '/nodes') return { body: data.nodes };
    if (path === '/tasks') return { body: data.tasks };
    if (path === '/networks') return { body: networks };
    if (path === '/containers/cont-1/json') return { body: { Id: 'cont-1', Config: { Labels: { 'image.label': 'from-image', 'spec.label': 'from-image' } } } };
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
    data = swarm();
  });

  async function run(role: string, extra: Record<string, unknown> = {}) {
    const r = await runMechanism(dockerSwarmMechanism, { host: `unix://${fake.socketPath}`, role, ...extra });
    runs.push(r);
    return r;
  }

  const mon = {
    __meta_dockerswarm_network_id: 'mon1',
    __meta_dockerswarm_network_name: 'mon_net',
    __meta_dockerswarm_network_scope: 'swarm',
    __meta_dockerswarm_network_internal: 'false',
    __meta_dockerswarm_network_ingress: 'false',
    __meta_dockerswarm_network_label_com_docker_stack_namespace: 'mon',
  };

  it('role services: one target per virtual IP and TCP port, with every meta label', async () => {
    const r = await run('services');
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('DockerSwarm');
    expect(group.targets[1]).toEqual({
      __address__: '10.0.1.3:8080',
      __meta_dockerswarm_service_id: 'svc-web',
      __meta_dockerswarm_service_name: 'mon_web',
      __meta_dockerswarm_service_mode: 'replicated',
      __meta_dockerswarm_service_task_container_hostname: 'web-host',
      __meta_dockerswarm_service_task_container_image: 'web:1',
      __meta_dockerswarm_service_updating_status: 'completed',
      __meta_dockerswarm_service_label_prometheus_scrape: 'true',
      __meta_dockerswarm_service_endpoint_port_name: 'http',
      __meta_dockerswarm_service_endpoint_port_publish_mode: 'ingress',
      ...mon,
    });
    expect(addresses(r.latest())).toEqual(['10.0.0.7:8080', '10.0.1.3:8080', '10.0.1.9:80']);
  });

  it('role nodes: one target per node on port, with manager labels', async () => {
    const r = await run('nodes', { port: 9100 });
    expect(r.latest()[0].targets).toEqual([
      {
        __address__: '10.0.232.3:9100',
        __meta_dockerswarm_node_id: 'node-1',
        __meta_dockerswarm_node_role: 'manager',
        __meta_dockerswarm_node_availability: 'active',
        __meta_dockerswarm_node_hostname: 'ip-10-0-232-3',
        __meta_dockerswarm_node_platform_architecture: 'x86_64',
        __meta_dockerswarm_node_platform_os: 'linux',
        __meta_dockerswarm_node_engine_version: '24.0.7',
        __meta_dockerswarm_node_status: 'ready',
        __meta_dockerswarm_node_address: '10.0.232.3',
        __meta_dockerswarm_node_label_node_zone: 'a',
        __meta_dockerswarm_node_manager_leader: 'true',
        __meta_dockerswarm_node_manager_reachability: 'reachable',
        __meta_dockerswarm_node_manager_address: '10.0.232.3:2377',
      },
    ]);
  });

  it('role tasks: published ports on the node, attachments with service ports, container, service and node labels', async () => {
    const r = await run('tasks');
    const [published, attached, agent] = r.latest()[0].targets;
    const common = {
      __meta_dockerswarm_task_id: 'task-web-1',
      __meta_dockerswarm_task_desired_state: 'running',
      __meta_dockerswarm_task_state: 'running',
      __meta_dockerswarm_task_slot: '1',
      __meta_dockerswarm_task_container_id: 'cont-1',
      __meta_dockerswarm_container_label_image_label: 'from-image',
      __meta_dockerswarm_container_label_spec_label: 'from-spec',
      __meta_dockerswarm_service_id: 'svc-web',
      __meta_dockerswarm_service_name: 'mon_web',
      __meta_dockerswarm_service_mode: 'replicated',
      __meta_dockerswarm_service_label_prometheus_scrape: 'true',
      __meta_dockerswarm_node_id: 'node-1',
      __meta_dockerswarm_node_role: 'manager',
      __meta_dockerswarm_node_address: '10.0.232.3',
      __meta_dockerswarm_node_availability: 'active',
      __meta_dockerswarm_node_hostname: 'ip-10-0-232-3',
      __meta_dockerswarm_node_platform_architecture: 'x86_64',
      __meta_dockerswarm_node_platform_os: 'linux',
      __meta_dockerswarm_node_status: 'ready',
      __meta_dockerswarm_node_label_node_zone: 'a',
    };
    expect(published).toEqual({ __address__: '10.0.232.3:30000', __meta_dockerswarm_task_port_publish_mode: 'host', ...common });
    expect(attached).toEqual({ __address__: '10.0.1.4:8080', __meta_dockerswarm_task_port_publish_mode: 'ingress', ...common, ...mon });
    expect(agent).toMatchObject({ __address__: '10.0.1.10:80', __meta_dockerswarm_task_desired_state: 'shutdown', __meta_dockerswarm_service_mode: 'global' });
  });

  it('relabels on the swarm meta labels', async () => {
    const r = await run('tasks');
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_dockerswarm_task_desired_state'], regex: 'running', action: 'keep' },
      { source_labels: ['__meta_dockerswarm_network_name'], regex: 'mon_net', action: 'keep' },
      { source_labels: ['__meta_dockerswarm_service_name'], target_label: 'service' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://10.0.1.4:8080/errors', { instance: '10.0.1.4:8080', service: 'mon_web' }],
    ]);
  });

  it('keeps the last targets while the manager fails, then refreshes', async () => {
    const r = await run('nodes', { refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (data.nodes[0].Status.Addr = '10.0.232.4'), ['10.0.232.4:80']);
  });
});

describe('dockerswarm_sd_configs parsing', () => {
  it.each([
    [{ role: 'tasks' }, 'host missing'],
    [{ host: 'unix:///var/run/docker.sock' }, 'role missing (one of: tasks, services, nodes)'],
    [{ host: 'unix:///var/run/docker.sock', role: 'containers' }, 'invalid role containers, expected tasks, services, or nodes'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => dockerSwarmMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
