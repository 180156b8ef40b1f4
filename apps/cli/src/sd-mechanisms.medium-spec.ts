import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeApi } from '../../../libs/discovery/test/fake-api';
import { FakeAwsQuery, xml, xmlList } from '../../../libs/discovery/test/fake-aws-query';
import { FakeEc2 } from '../../../libs/discovery/test/fake-ec2';
import { FakeEcs } from '../../../libs/discovery/test/fake-ecs';
import { FakeEureka } from '../../../libs/discovery/test/fake-eureka';
import { FakeOpenstack } from '../../../libs/discovery/test/fake-openstack';
import { FakeOutscale } from '../../../libs/discovery/test/fake-outscale';
import { FakeStackit } from '../../../libs/discovery/test/fake-stackit';
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
    if (req.path === '/containers/json')
      return {
        body: [
          {
            Id: 'c1',
            Names: ['/web'],
            Labels: {},
            Ports: [{ PrivatePort: 9100, Type: 'tcp' }],
            HostConfig: { NetworkMode: 'bridge' },
            NetworkSettings: { Networks: { bridge: { NetworkID: 'n1', IPAddress: '10.1.0.2' } } },
          },
        ],
      };
    if (req.path === '/networks') return { body: [] };
    return undefined;
  }).start();

/** The OCI API key the oci case signs with; written when its fake starts. */
const ociKeyFile = join(tmpdir(), `periskop-cli-oci-${process.pid}.pem`);

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
          ? {
              body: [
                {
                  ID: 'n1',
                  Spec: { Role: 'worker', Availability: 'active' },
                  Description: { Hostname: 'h', Platform: { Architecture: 'x86_64', OS: 'linux' }, Engine: { EngineVersion: '24' } },
                  Status: { State: 'ready', Addr: '10.1.0.6' },
                },
              ],
            }
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
    example: (fake) => [
      '- region: eu-west-1',
      `  endpoint: ${fake || 'https://ec2.eu-west-1.amazonaws.com'}`,
      '  access_key: AKIDEXAMPLE',
      '  secret_key: example-secret',
      '  port: 9100',
      '  filters:',
      '    - name: tag:Environment',
      '      values: [prod]',
    ],
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
    example: (fake) => [
      `- url: ${fake || 'https://puppetdb.example.com'}`,
      '  query: \'resources { type = "Class" and title = "Prometheus::Node_exporter" }\'',
      '  include_parameters: true',
      '  port: 9100',
    ],
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
                servers: [
                  {
                    id: 1,
                    name: 'a',
                    status: 'running',
                    public_net: { ipv4: { ip: '10.1.0.8' }, ipv6: null },
                    private_net: [],
                    server_type: { name: 'cx11', cores: 1, cpu_type: 'shared', memory: 2, disk: 20 },
                    datacenter: { name: 'fsn1-dc14', location: { name: 'fsn1', network_zone: 'eu-central' } },
                    image: null,
                    labels: {},
                  },
                ],
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
          ? {
              body: {
                droplets: [{ id: 1, name: 'd', status: 'active', image: null, region: { slug: 'nyc3' }, size_slug: 's', networks: { v4: [{ ip_address: '10.1.0.9', type: 'public' }] } }],
                links: {},
              },
            }
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
          ? {
              body: {
                data: [
                  {
                    id: 1,
                    label: 'l',
                    image: null,
                    region: 'us-east',
                    type: 't',
                    status: 'running',
                    group: '',
                    hypervisor: 'kvm',
                    ipv4: ['10.1.0.10'],
                    ipv6: null,
                    tags: [],
                    backups: { enabled: false },
                    specs: { disk: 1, memory: 1, vcpus: 1, transfer: 1, gpus: 0 },
                  },
                ],
                pages: 1,
              },
            }
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
          ? {
              body: {
                instances: [
                  {
                    id: 'v1',
                    label: 'v',
                    os: 'x',
                    os_id: 1,
                    region: 'ams',
                    plan: 'p',
                    main_ip: '10.1.0.11',
                    v6_main_ip: '',
                    internal_ip: '',
                    hostname: 'v',
                    server_status: 'ok',
                    vcpu_count: 1,
                    ram: 1,
                    allowed_bandwidth: 1,
                    disk: 1,
                  },
                ],
                meta: { links: { next: '' } },
              },
            }
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
          ? {
              body: {
                id: 'dc/servers',
                items: [
                  {
                    id: 's1',
                    metadata: { state: 'AVAILABLE' },
                    properties: { name: 's', availabilityZone: 'AUTO', vmState: 'RUNNING', cpuFamily: 'X', type: 'ENTERPRISE' },
                    entities: { nics: { items: [{ properties: { name: 'n', ips: ['10.1.0.13'] } }] } },
                  },
                ],
              },
            }
          : undefined,
      ).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `ionos=${f.url}` } };
    },
    expectTarget: 'http://10.1.0.13:9100/errors',
  },
  {
    key: 'scaleway_sd_configs',
    example: (fake) => [
      '- role: instance',
      '  project_id: 11111111-1111-1111-1111-111111111111',
      '  access_key: SCWXXXXXXXXXXXXXXXXX',
      '  secret_key: 11111111-1111-1111-1111-111111111111',
      `  api_url: ${fake || 'https://api.scaleway.com'}`,
      '  zone: fr-par-1',
    ],
    bad: { line: '  tags_filter: foo', field: 'tags_filter', reason: 'tags_filter must be a list of strings' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/instance/v1/zones/fr-par-1/servers'
          ? {
              body: {
                servers: [
                  { id: 'i', name: 'n', organization: 'o', project: 'p', commercial_type: 't', hostname: 'h', state: 'running', boot_type: 'local', zone: 'fr-par-1', private_ip: '10.1.0.14' },
                ],
                total_count: 1,
              },
            }
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
    key: 'openstack_sd_configs',
    example: (fake) => [
      '- role: instance',
      '  region: RegionOne',
      `  identity_endpoint: ${fake ? `${fake}/identity/v3` : 'https://keystone.example.com:5000/v3'}`,
      '  username: admin',
      '  password: s3cret',
      '  domain_name: Default',
      '  project_name: demo',
      '  port: 9100',
    ],
    bad: { line: '  availability: private', field: 'availability', reason: 'unknown availability private, must be one of admin, internal or public' },
    fake: async () => {
      const f = await new FakeOpenstack().start();
      f.servers = [
        {
          id: 's1',
          name: 'web',
          status: 'ACTIVE',
          tenant_id: 't',
          user_id: 'u',
          flavor: { original_name: 'm1.small' },
          image: '',
          metadata: {},
          addresses: { private: [{ version: 4, addr: '10.1.0.17' }] },
        },
      ];
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.17:9100/errors',
  },
  {
    key: 'outscale_sd_configs',
    example: (fake) => [
      '- region: eu-west-2',
      `  endpoint: ${fake ? `${fake}/api/v1` : 'https://api.eu-west-2.outscale.com/api/v1'}`,
      '  access_key: AKIDOUTSCALE',
      '  secret_key: outscale-secret',
      '  port: 9100',
    ],
    bad: { line: '  refresh_interval: 1 minute', field: 'refresh_interval', reason: 'unknown unit " minute" in duration "1 minute"' },
    fake: async () => {
      const f = await new FakeOutscale().start();
      f.vms = [{ VmId: 'i-1', State: 'running', PrivateIp: '10.1.0.18', Placement: { SubregionName: 'eu-west-2a' }, Tags: [] }];
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.18:9100/errors',
  },
  {
    // The service-account key flow is covered in libs/discovery/src/stackit.
    key: 'stackit_sd_configs',
    example: (fake) => [
      '- project: 11111111-2222-3333-4444-555555555555',
      '  region: eu01',
      ...(fake ? [`  endpoint: ${fake}`] : []),
      '  authorization:',
      '    credentials: example-stackit-token',
      '  port: 9100',
    ],
    bad: { line: '  service_account_key_file: sa.json', field: 'service_account_key_file', reason: 'field service_account_key_file not found in type stackit.SDConfig' },
    fake: async () => {
      const f = await new FakeStackit().start();
      f.staticTokens.add('example-stackit-token');
      f.servers = [{ id: 's1', name: 'web', availabilityZone: 'eu01-1', status: 'ACTIVE', powerStatus: 'RUNNING', machineType: 'c1.2', nics: [{ networkName: 'net', ipv4: '10.1.0.19' }] }];
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.19:9100/errors',
  },
  {
    key: 'lightsail_sd_configs',
    example: (fake) => ['- region: eu-west-1', `  endpoint: ${fake || 'https://lightsail.eu-west-1.amazonaws.com'}`, '  access_key: AKIDEXAMPLE', '  secret_key: example-secret', '  port: 9100'],
    bad: { line: '  clusters: [c]', field: 'clusters', reason: 'field clusters not found in type aws.LightsailSDConfig' },
    fake: async () => {
      const f = await new FakeApi(() => ({
        headers: { 'Content-Type': 'application/x-amz-json-1.1' },
        body: { instances: [{ name: 'l', location: { availabilityZone: 'eu-west-1a' }, state: { name: 'running' }, privateIpAddress: '10.1.0.15' }] },
      })).start();
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
    example: (fake) => [
      '- role: ec2',
      '  region: eu-west-1',
      `  endpoint: ${fake || 'https://ec2.eu-west-1.amazonaws.com'}`,
      '  access_key: AKIDEXAMPLE',
      '  secret_key: example-secret',
      '  port: 9100',
    ],
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
    key: 'ecs_sd_configs',
    example: (fake) => [
      '- region: us-east-1',
      `  endpoint: ${fake || 'https://ecs.us-east-1.amazonaws.com'}`,
      '  access_key: AKIDEXAMPLE',
      '  secret_key: example-secret',
      '  port: 9100',
      '  clusters: [prod]',
    ],
    bad: { line: '  clusters: prod', field: 'clusters', reason: 'clusters must be a list of strings' },
    fake: async () => {
      const f = new FakeEcs();
      f.clusters = [{ name: 'prod', services: [{ name: 'api', tasks: [{ arn: 'arn:aws:ecs:us-east-1:1:task/prod/t1', ip: '10.1.0.17' }] }] }];
      await f.start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.17:9100/errors',
  },
  {
    key: 'elasticache_sd_configs',
    example: (fake) => [
      '- region: us-east-1',
      `  endpoint: ${fake || 'https://elasticache.us-east-1.amazonaws.com'}`,
      '  access_key: AKIDEXAMPLE',
      '  secret_key: example-secret',
      '  request_concurrency: 5',
    ],
    bad: { line: '  request_concurrency: 0', field: 'request_concurrency', reason: 'request_concurrency must be an integer between 1 and 1000' },
    fake: async () => {
      const f = await new FakeAwsQuery('http://elasticache.amazonaws.com/doc/2015-02-02/', {
        DescribeServerlessCaches: () =>
          xmlList('ServerlessCaches', 'member', [xml({ ServerlessCacheName: 's', ARN: 'arn:aws:elasticache:us-east-1:1:serverlesscache:s', Endpoint: { Address: '10.1.0.18', Port: 6379 } })]),
        DescribeCacheClusters: () => xmlList('CacheClusters', 'CacheCluster', []),
        ListTagsForResource: () => xmlList('TagList', 'Tag', []),
      }).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.18:6379/errors',
  },
  {
    key: 'msk_sd_configs',
    example: (fake) => ['- region: us-east-1', `  endpoint: ${fake || 'https://kafka.us-east-1.amazonaws.com'}`, '  access_key: AKIDEXAMPLE', '  secret_key: example-secret', '  port: 11001'],
    bad: { line: '  filters: []', field: 'filters', reason: 'field filters not found in type aws.MSKSDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) =>
        req.path === '/api/v2/clusters'
          ? { body: { clusterInfoList: [{ clusterArn: 'arn:msk', clusterName: 'events' }] } }
          : req.path.endsWith('/nodes')
            ? { body: { nodeInfoList: [{ nodeARN: 'n1', brokerNodeInfo: { brokerId: 1, endpoints: ['10.1.0.19'] } }] } }
            : undefined,
      ).start();
      return { url: f.url, close: () => f.close() };
    },
    expectTarget: 'http://10.1.0.19:11001/errors',
  },
  {
    // role_arn: the fake answers STS's AssumeRole too, pointed at by the test-only override.
    key: 'rds_sd_configs',
    example: (fake) => [
      '- region: eu-west-1',
      `  endpoint: ${fake || 'https://rds.eu-west-1.amazonaws.com'}`,
      '  access_key: AKIDEXAMPLE',
      '  secret_key: example-secret',
      '  role_arn: arn:aws:iam::123456789012:role/rds-reader',
      '  port: 9187',
      '  filters:',
      '    - name: engine',
      '      values: [aurora-postgresql]',
    ],
    bad: { line: '  filters: [{ name: engine, value: x }]', field: 'filters[0].value', reason: 'field value not found in type aws.Filter' },
    fake: async () => {
      const f = await new FakeAwsQuery('http://rds.amazonaws.com/doc/2014-10-31/', {
        AssumeRole: () => xml({ Credentials: { AccessKeyId: 'ASIAFAKE', SecretAccessKey: 's', SessionToken: 't', Expiration: '2099-01-01T00:00:00Z' } }),
        DescribeDBClusters: () => xmlList('DBClusters', 'DBCluster', [xml({ DBClusterArn: 'arn:rds:c', DBClusterIdentifier: 'orders' })]),
        DescribeDBInstances: () => xmlList('DBInstances', 'DBInstance', [xml({ DBInstanceIdentifier: 'orders-1', Endpoint: { Address: '10.1.0.20', Port: 5432 } })]),
      }).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `sts=${f.url}` } };
    },
    expectTarget: 'http://10.1.0.20:9187/errors',
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
  {
    key: 'azure_sd_configs',
    example: () => [
      '- subscription_id: 11111111-1111-1111-1111-111111111111',
      '  tenant_id: 22222222-2222-2222-2222-222222222222',
      '  client_id: 33333333-3333-3333-3333-333333333333',
      '  client_secret: example-secret',
      '  port: 9100',
    ],
    bad: {
      line: '  authentication_method: Password',
      field: 'authentication_method',
      reason: 'unknown authentication_type "Password". Supported types are "OAuth", "ManagedIdentity", "WorkloadIdentity" or "SDK"',
    },
    fake: async () => {
      const f = await new FakeApi((req) => {
        if (req.path.endsWith('/oauth2/v2.0/token'))
          return new URLSearchParams(req.body).get('client_secret') === 'example-secret' ? { body: { access_token: 'arm-token', expires_in: 3599 } } : { status: 401, body: {} };
        if (req.headers.authorization !== 'Bearer arm-token') return { status: 401, body: {} };
        if (req.path.endsWith('/providers/Microsoft.Compute/virtualMachines')) {
          const id = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
          return {
            body: {
              value: [
                {
                  id,
                  name: 'vm1',
                  location: 'westeurope',
                  properties: {
                    networkProfile: { networkInterfaces: [{ id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1' }] },
                  },
                },
              ],
            },
          };
        }
        if (req.path.endsWith('/providers/Microsoft.Compute/virtualMachineScaleSets')) return { body: { value: [] } };
        if (req.path.endsWith('/networkInterfaces/nic1')) return { body: { properties: { primary: true, ipConfigurations: [{ properties: { privateIPAddress: '10.1.0.17' } }] } } };
        return undefined;
      }).start();
      // Entra ID and Resource Manager are fixed hosts; the test-only override points both at the fake.
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `azure_login=${f.url},azure_management=${f.url}` } };
    },
    expectTarget: 'http://10.1.0.17:9100/errors',
  },
  {
    key: 'gce_sd_configs',
    example: () => ['- project: my-project', '  zone: europe-west1-b', '  filter: \'labels.env = "prod"\'', '  port: 9100'],
    bad: { line: '  zones: [europe-west1-b]', field: 'zones', reason: 'field zones not found in type gce.SDConfig' },
    fake: async () => {
      const f = await new FakeApi((req) => {
        // No credentials file in the test environment: the token comes from the metadata server.
        if (req.path === '/computeMetadata/v1/instance/service-accounts/default/token')
          return req.headers['metadata-flavor'] === 'Google' ? { body: { access_token: 'gce-token', expires_in: 3599 } } : { status: 403, body: {} };
        if (req.path === '/compute/v1/projects/my-project/zones/europe-west1-b/instances' && req.headers.authorization === 'Bearer gce-token') {
          return {
            body: { items: [{ id: '1', name: 'vm', zone: 'z', status: 'RUNNING', machineType: 'm', networkInterfaces: [{ name: 'nic0', network: 'n', subnetwork: 's', networkIP: '10.1.0.18' }] }] },
          };
        }
        return undefined;
      }).start();
      return { url: f.url, close: () => f.close(), env: { PERISKOP_SD_VENDOR_ENDPOINTS: `gce=${f.url}/compute/v1,gce_metadata=${f.url}` } };
    },
    expectTarget: 'http://10.1.0.18:9100/errors',
  },
  {
    key: 'oci_sd_configs',
    example: () => [
      '- user: ocid1.user.oc1..aaaa',
      '  fingerprint: 20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34',
      `  key_file: ${ociKeyFile}`,
      '  tenancy: ocid1.tenancy.oc1..bbbb',
      '  region: us-phoenix-1',
      '  compartments: [ocid1.compartment.oc1..cccc]',
      '  port: 9100',
    ],
    bad: { line: '  compartment: ocid1.compartment.oc1..cccc', field: 'compartment', reason: 'field compartment not found in type oci.SDConfig' },
    fake: async () => {
      writeFileSync(
        ociKeyFile,
        generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey,
      );
      const f = await new FakeApi((req) => {
        // Signature verification is covered in libs/discovery/src/oci; here every request must be signed.
        if (!String(req.headers.authorization).startsWith('Signature version="1",keyId="ocid1.tenancy.oc1..bbbb/ocid1.user.oc1..aaaa/')) return { status: 401, body: {} };
        if (req.path === '/20160918/instances')
          return { body: [{ id: 'i1', displayName: 'vm', lifecycleState: 'RUNNING', compartmentId: 'ocid1.compartment.oc1..cccc', availabilityDomain: 'AD-1', shape: 'VM', region: 'us-phoenix-1' }] };
        if (req.path === '/20160918/vnicAttachments') return { body: [{ instanceId: 'i1', vnicId: 'v1', lifecycleState: 'ATTACHED' }] };
        if (req.path === '/20160918/vnics/v1') return { body: { id: 'v1', isPrimary: true, privateIp: '10.1.0.19' } };
        return undefined;
      }).start();
      return {
        url: f.url,
        close: async () => {
          rmSync(ociKeyFile, { force: true });
          await f.close();
        },
        env: { PERISKOP_SD_VENDOR_ENDPOINTS: `oci_iaas=${f.url}` },
      };
    },
    expectTarget: 'http://10.1.0.19:9100/errors',
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

  it("check-config accepts every mechanism's documented example", async () => {
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
