import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApi } from '../../../libs/discovery/test/fake-api';
import { FakeEc2 } from '../../../libs/discovery/test/fake-ec2';
import { FakeEureka } from '../../../libs/discovery/test/fake-eureka';
import { discoveryEnvironment } from '@periskop/platform';
import { discover } from './discover';
import { run } from './main';

/**
 * Each SD mechanism through the CLI: `check-config` accepts the mechanism's documented example
 * and names a bad field with its line; `discover` lists the targets a fake provider on
 * loopback answers with. One entry per mechanism: `example` is the YAML of one
 * `*_sd_configs` entry (Prometheus's documented example, with the provider pointed at the fake
 * in `discover`), `bad` a misspelt field and its expected problem.
 */
interface MechanismCase {
  key: string;
  example: (fake: string) => string[];
  bad: { line: string; field: string; reason: string };
  fake?: () => Promise<{ url: string; close(): Promise<void>; env?: Record<string, string> }>;
  expectTarget?: string;
}

const dockerFake = () =>
  new FakeApi((req) => {
    if (req.path === '/containers/json') return { body: [{ Id: 'c1', Names: ['/web'], Labels: {}, Ports: [{ PrivatePort: 9100, Type: 'tcp' }], HostConfig: { NetworkMode: 'bridge' }, NetworkSettings: { Networks: { bridge: { NetworkID: 'n1', IPAddress: '10.1.0.2' } } } }] };
    if (req.path === '/networks') return { body: [] };
    return undefined;
  }).start();

const CASES: MechanismCase[] = [
  {
    key: 'docker_sd_configs',
    example: (fake) => [`- host: ${fake || 'unix:///var/run/docker.sock'}`, '  port: 9100', '  filters:', '    - name: label', '      values: [prometheus-job]'],
    bad: { line: '  ports: 9100', field: 'ports', reason: 'field ports not found in type moby.DockerSDConfig' },
    fake: async () => {
      const f = await dockerFake();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.2:9100/errors',
  },
  {
    key: 'dockerswarm_sd_configs',
    example: (fake) => [`- host: ${fake || 'unix:///var/run/docker.sock'}`, `  role: ${fake ? 'nodes' : 'tasks'}`, '  port: 9100'],
    bad: { line: '  role: containers', field: 'role', reason: 'invalid role containers, expected tasks, services, or nodes' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/nodes'
          ? { body: [{ ID: 'n1', Spec: { Role: 'worker', Availability: 'active' }, Description: { Hostname: 'h', Platform: { Architecture: 'x86_64', OS: 'linux' }, Engine: { EngineVersion: '24' } }, Status: { State: 'ready', Addr: '10.1.0.6' } }] }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.6:9100/errors',
  },
  {
    key: 'eureka_sd_configs',
    example: (fake) => [`- server: ${fake || 'http://eureka.example.com:8761/eureka'}`, '  refresh_interval: 30s'],
    bad: { line: '  refresh_interval: 30', field: 'refresh_interval', reason: 'not a valid duration string: "30"' },
    fake: async () => {
      const f = new FakeEureka();
      f.instances = [{ app: 'WEB', host: '10.1.0.3', port: 8080 }];
      await f.start();
      return { url: f.server, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.3:8080/errors',
  },
  {
    key: 'ec2_sd_configs',
    example: (fake) => ['- region: eu-west-1', `  endpoint: ${fake || 'https://ec2.eu-west-1.amazonaws.com'}`, '  access_key: AKIDEXAMPLE', '  secret_key: example-secret', '  port: 9100', '  filters:', '    - name: tag:Environment', '      values: [prod]'],
    bad: { line: '  filters: [{ name: tag:Environment, values: [] }]', field: 'filters[0].values', reason: 'EC2 SD configuration filter values cannot be empty' },
    fake: async () => {
      const f = new FakeEc2();
      f.instances = [{ id: 'i-1', privateIp: '10.1.0.4' }];
      await f.start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.4:9100/errors',
  },
  {
    key: 'marathon_sd_configs',
    example: (fake) => ['- servers:', `    - ${fake || 'https://marathon.example.com:8080'}`, '  auth_token: example-token'],
    bad: { line: '  auth_tokn: x', field: 'auth_tokn', reason: 'field auth_tokn not found in type marathon.SDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v2/apps/' ? { body: { apps: [{ id: '/web', portDefinitions: [{ port: 0 }], tasks: [{ id: 'web.1', host: '10.1.0.7', ports: [31000] }] }] } } : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.7:31000/errors',
  },
  {
    key: 'puppetdb_sd_configs',
    example: (fake) => [`- url: ${fake || 'https://puppetdb.example.com'}`, "  query: 'resources { type = \"Class\" and title = \"Prometheus::Node_exporter\" }'", '  include_parameters: true', '  port: 9100'],
    bad: { line: '  include_parameters: yes please', field: 'include_parameters', reason: 'include_parameters must be true or false' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/pdb/query/v4' ? { body: [{ certname: 'node1.example.com', resource: 'r', type: 'Class', title: 'T', exported: false, tags: [], parameters: {} }] } : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://node1.example.com:9100/errors',
  },
  {
    key: 'hetzner_sd_configs',
    example: () => ['- role: hcloud', '  authorization:', '    credentials: example-hcloud-token', '  port: 9100'],
    bad: { line: '  label_selectors: env=prod', field: 'label_selectors', reason: 'field label_selectors not found in type hetzner.SDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v1/servers'
          ? {
              body: {
                servers: [{ id: 1, name: 'a', status: 'running', public_net: { ipv4: { ip: '10.1.0.8' }, ipv6: null }, private_net: [], server_type: { name: 'cx11', cores: 1, cpu_type: 'shared', memory: 2, disk: 20 }, datacenter: { name: 'fsn1-dc14', location: { name: 'fsn1', network_zone: 'eu-central' } }, image: null, labels: {} }],
                meta: { pagination: { next_page: null } },
              },
            }
          : req.path === '/v1/networks'
            ? { body: { networks: [], meta: { pagination: { next_page: null } } } }
            : undefined,
      ).start();
      // The vendor host is fixed; the test-only override points discovery at the fake.
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `hetzner_hcloud=${f.url}/v1` } };
    },
    expectTarget: 'http://10.1.0.8:9100/errors',
  },
  {
    key: 'digitalocean_sd_configs',
    example: () => ['- authorization:', '    credentials: example-do-token', '  port: 9100'],
    bad: { line: '  refresh_interval: 1m30', field: 'refresh_interval', reason: 'not a valid duration string: "1m30"' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v2/droplets'
          ? { body: { droplets: [{ id: 1, name: 'd', status: 'active', image: null, region: { slug: 'nyc3' }, size_slug: 's', networks: { v4: [{ ip_address: '10.1.0.9', type: 'public' }] } }], links: {} } }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `digitalocean=${f.url}/v2` } };
    },
    expectTarget: 'http://10.1.0.9:9100/errors',
  },
  {
    key: 'linode_sd_configs',
    example: () => ['- authorization:', '    credentials: example-linode-token', '  port: 9100', '  tag_separator: ","'],
    bad: { line: '  port: http', field: 'port', reason: 'port must be an integer between 0 and 65535' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v4/linode/instances'
          ? { body: { data: [{ id: 1, label: 'l', image: null, region: 'us-east', type: 't', status: 'running', group: '', hypervisor: 'kvm', ipv4: ['10.1.0.10'], ipv6: null, tags: [], backups: { enabled: false }, specs: { disk: 1, memory: 1, vcpus: 1, transfer: 1, gpus: 0 } }], pages: 1 } }
          : req.path === '/v4/networking/ips'
            ? { body: { data: [{ address: '10.1.0.10', public: true, rdns: null }], pages: 1 } }
            : undefined,
      ).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `linode=${f.url}/v4` } };
    },
    expectTarget: 'http://10.1.0.10:9100/errors',
  },
  {
    key: 'vultr_sd_configs',
    example: () => ['- authorization:', '    credentials: example-vultr-key', '  port: 9100'],
    bad: { line: '  api_key: x', field: 'api_key', reason: 'field api_key not found in type vultr.SDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v2/instances'
          ? { body: { instances: [{ id: 'v1', label: 'v', os: 'x', os_id: 1, region: 'ams', plan: 'p', main_ip: '10.1.0.11', v6_main_ip: '', internal_ip: '', hostname: 'v', server_status: 'ok', vcpu_count: 1, ram: 1, allowed_bandwidth: 1, disk: 1 }], meta: { links: { next: '' } } } }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `vultr=${f.url}/v2` } };
    },
    expectTarget: 'http://10.1.0.11:9100/errors',
  },
  {
    // Triton's CMON endpoint is HTTPS with client certificates; its discover path is covered in libs/discovery.
    key: 'triton_sd_configs',
    example: () => ['- account: testAccount', '  dns_suffix: triton.example.com', '  endpoint: cmon.triton.example.com', '  groups: [foo, bar]', '  port: 9163'],
    bad: { line: '  role: vm', field: 'role', reason: "triton SD configuration requires role to be 'container' or 'cn'" },
  },
  {
    key: 'kuma_sd_configs',
    example: (fake) => [`- server: ${fake || 'http://kuma-control-plane.kuma-system.svc:5676'}`, '  refresh_interval: 15s'],
    bad: { line: '  fetch_timeout: 2', field: 'fetch_timeout', reason: 'not a valid duration string: "2"' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v3/discovery:monitoringassignments'
          ? { body: { versionInfo: '1', nonce: 'n', resources: [{ mesh: 'm', service: 's', targets: [{ name: 'dp-1', scheme: 'http', address: '10.1.0.12:5670', metricsPath: '/errors' }] }] } }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.12:5670/errors',
  },
  {
    key: 'ionos_sd_configs',
    example: () => ['- datacenter_id: 57375146-e890-4b84-8d59-c045d3eb6f4c', '  basic_auth:', '    username: admin@example.com', '    password: example', '  port: 9100'],
    bad: { line: '  datacenter: x', field: 'datacenter', reason: 'field datacenter not found in type ionos.SDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path.startsWith('/cloudapi/v6/datacenters/')
          ? { body: { id: 'dc/servers', items: [{ id: 's1', metadata: { state: 'AVAILABLE' }, properties: { name: 's', availabilityZone: 'AUTO', vmState: 'RUNNING', cpuFamily: 'X', type: 'ENTERPRISE' }, entities: { nics: { items: [{ properties: { name: 'n', ips: ['10.1.0.13'] } }] } } }] } }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `ionos=${f.url}` } };
    },
    expectTarget: 'http://10.1.0.13:9100/errors',
  },
  {
    key: 'scaleway_sd_configs',
    example: (fake) => ['- role: instance', '  project_id: 11111111-1111-1111-1111-111111111111', '  access_key: SCWXXXXXXXXXXXXXXXXX', '  secret_key: 11111111-1111-1111-1111-111111111111', `  api_url: ${fake || 'https://api.scaleway.com'}`, '  zone: fr-par-1'],
    bad: { line: '  tags_filter: foo', field: 'tags_filter', reason: 'tags_filter must be a list of strings' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/instance/v1/zones/fr-par-1/servers'
          ? { body: { servers: [{ id: 'i', name: 'n', organization: 'o', project: 'p', commercial_type: 't', hostname: 'h', state: 'running', boot_type: 'local', zone: 'fr-par-1', private_ip: '10.1.0.14' }], total_count: 1 } }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.14:80/errors',
  },
  {
    // Signed requests against the real API shape are covered in libs/discovery/src/ovhcloud.
    key: 'ovhcloud_sd_configs',
    example: () => ['- application_key: example-key', '  application_secret: example-secret', '  consumer_key: example-consumer', '  service: vps', '  endpoint: ovh-eu'],
    bad: { line: '  refresh_interval: soon', field: 'refresh_interval', reason: 'not a valid duration string: "soon"' },
  },
  {
    key: 'lightsail_sd_configs',
    example: (fake) => ['- region: eu-west-1', `  endpoint: ${fake || 'https://lightsail.eu-west-1.amazonaws.com'}`, '  access_key: AKIDEXAMPLE', '  secret_key: example-secret', '  port: 9100'],
    bad: { line: '  role_arn: arn:aws:iam::1:role/x', field: 'role_arn', reason: 'field role_arn not found in type aws.LightsailSDConfig' },
    fake: async () => {
      const f = await new FakeApi(() => ({ headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body: { instances: [{ name: 'l', location: { availabilityZone: 'eu-west-1a' }, state: { name: 'running' }, privateIpAddress: '10.1.0.15' }] } })).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.15:9100/errors',
  },
  {
    // The XML-RPC exchange is covered in libs/discovery/src/uyuni.
    key: 'uyuni_sd_configs',
    example: () => ['- server: https://uyuni.example.com', '  username: gopher', '  password: hole', '  entitlement: monitoring_entitled'],
    bad: { line: '  separatr: ";"', field: 'separatr', reason: 'field separatr not found in type uyuni.SDConfig' },
  },
  {
    key: 'aws_sd_configs',
    example: (fake) => ['- role: ec2', '  region: eu-west-1', `  endpoint: ${fake || 'https://ec2.eu-west-1.amazonaws.com'}`, '  access_key: AKIDEXAMPLE', '  secret_key: example-secret', '  port: 9100'],
    bad: { line: '  roles: ec2', field: 'roles', reason: 'field roles not found in type aws.SDConfig' },
    fake: async () => {
      const f = new FakeEc2();
      f.instances = [{ id: 'i-2', privateIp: '10.1.0.16' }];
      await f.start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.16:9100/errors',
  },
  {
    // Discovery against a real ZooKeeper is covered in libs/discovery/src/zookeeper.
    key: 'serverset_sd_configs',
    example: () => ['- servers: [zk1.example.com:2181, zk2.example.com:2181]', '  paths: [/aurora/prod/web]', '  timeout: 10s'],
    bad: { line: '  path: /x', field: 'path', reason: 'field path not found in type zookeeper.ServersetSDConfig' },
  },
  {
    key: 'nerve_sd_configs',
    example: () => ['- servers: [zk1.example.com:2181]', '  paths: [/nerve/services/api/services]'],
    bad: { line: '  timeout: 10', field: 'timeout', reason: 'not a valid duration string: "10"' },
  },
  {
    key: 'nomad_sd_configs',
    example: (fake) => [`- server: ${fake || 'http://localhost:4646'}`, '  namespace: default', '  region: global'],
    bad: { line: '  tags: [a]', field: 'tags', reason: 'field tags not found in type nomad.SDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/v1/services'
          ? { body: [{ Namespace: 'default', Services: [{ ServiceName: 'web', Tags: [] }] }] }
          : req.path === '/v1/service/web'
            ? { body: [{ ID: 'w1', ServiceName: 'web', Namespace: 'default', NodeID: 'n', Datacenter: 'dc1', Address: '10.1.0.5', Port: 7777, Tags: [] }] }
            : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.5:7777/errors',
  },
];

function serviceYaml(name: string, key: string, entry: string[]): string[] {
  return [`  - name: ${name}`, `    ${key}:`, ...entry.map((l) => `      ${l}`), '    scraper:', '      endpoint: /errors', '      refresh_interval: 10s'];
}

describe('every SD mechanism through the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-cli-sd-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('check-config accepts every mechanism\'s documented example', async () => {
    const file = join(dir, 'examples.yaml');
    writeFileSync(file, ['services:', ...CASES.flatMap((c, i) => serviceYaml(`svc${i}`, c.key, c.example('')))].join('\n') + '\n');
    expect(await run(['check-config', file])).toEqual({ exitCode: 0, output: `SUCCESS: ${file} is valid` });
  });

  it.each(CASES.map((c) => [c.key, c] as const))('check-config names a bad %s field with its line', async (_key, c) => {
    const entry = [...c.example(''), c.bad.line];
    // The bad line replaces the example's line for the same field (and that field's nested lines).
    const field = c.bad.line.trim().split(':')[0];
    const lines = ['services:', ...serviceYaml('svc', c.key, [entry[0], ...entry.slice(1, -1).filter((l) => !l.startsWith(`  ${field}:`) && !l.startsWith('    ')), c.bad.line])];
    const file = join(dir, `bad-${c.key}.yaml`);
    writeFileSync(file, lines.join('\n') + '\n');
    const line = lines.indexOf(`      ${c.bad.line}`) + 1;
    const result = await run(['check-config', file]);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(`services[0].${c.key}[0].${c.bad.field} (line ${line}): ${c.bad.reason}`);
  });

  it.each(CASES.filter((c) => c.fake).map((c) => [c.key, c] as const))('discover lists %s targets from its fake provider', async (_key, c) => {
    const fake = await c.fake!();
    try {
      const file = join(dir, `discover-${c.key}.yaml`);
      writeFileSync(file, ['services:', ...serviceYaml('svc', c.key, c.example(fake.url))].join('\n') + '\n');
      const result = await discover(file, discoveryEnvironment({ ...fake.env }));
      expect(result.output).toContain(`  target ${c.expectTarget}`);
      expect(result.exitCode).toBe(0);
    } finally {
      await fake.close();
    }
  });
});
