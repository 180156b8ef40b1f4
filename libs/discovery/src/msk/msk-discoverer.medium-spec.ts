import { FakeApi } from '../../test/fake-api';
import { FakeSts } from '../../test/fake-sts';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { mskMechanism } from '.';

const ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/events/abc-1';

function clusterJson(name: string, arn: string) {
  return {
    clusterArn: arn,
    clusterName: name,
    clusterType: 'PROVISIONED',
    state: 'ACTIVE',
    currentVersion: 'K3AEGXETSR30VB',
    tags: { env: 'prod', 'team:name': 'data' },
    provisioned: {
      currentBrokerSoftwareInfo: { configurationArn: 'arn:aws:kafka:us-east-1:123456789012:configuration/c/1', configurationRevision: 2, kafkaVersion: '3.6.0' },
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: false } } },
    },
  };
}

/**
 * A fake MSK API (AWS REST-JSON): `GET /api/v2/clusters` (ListClustersV2), `GET
 * /api/v2/clusters/{arn}` (DescribeClusterV2) and `GET /v1/clusters/{arn}/nodes` (ListNodes, one
 * node per page with `nextToken`).
 */
describe('msk_sd_configs through the AWS SDK against a fake MSK API', () => {
  let nodes: Array<Record<string, unknown>>;
  const fake = new FakeApi((req) => {
    if (req.path === '/api/v2/clusters') return { body: { clusterInfoList: [clusterJson('events', ARN)] } };
    if (req.path === `/api/v2/clusters/${encodeURIComponent(ARN)}`) return { body: { clusterInfo: clusterJson('events', ARN) } };
    if (req.path === `/v1/clusters/${encodeURIComponent(ARN)}/nodes`) {
      const start = Number(req.query.get('nextToken') ?? 0);
      return { body: { nodeInfoList: nodes.slice(start, start + 1), ...(start + 1 < nodes.length ? { nextToken: String(start + 1) } : {}) } };
    }
    return undefined;
  });
  const sts = new FakeSts();
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    await fake.start();
    await sts.start();
  });
  // A run keeps refreshing until stopped; stop each after its test so requests stay its own.
  afterEach(async () => {
    for (const r of runs.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await fake.close();
    await sts.close();
  });
  beforeEach(() => {
    fake.failing = false;
    fake.requests.length = 0;
    nodes = [
      {
        nodeARN: 'arn:aws:kafka:us-east-1:123456789012:broker/events/abc-1/1',
        addedToClusterTime: '2024-05-01T10:00:00.000Z',
        instanceType: 'kafka.m5.large',
        nodeType: 'BROKER',
        brokerNodeInfo: {
          attachedENIId: 'eni-1',
          brokerId: 1,
          clientSubnet: 'subnet-a',
          clientVpcIpAddress: '10.0.2.1',
          endpoints: ['b-1.events.kafka.us-east-1.amazonaws.com', 'b-1-alt.events.kafka.us-east-1.amazonaws.com'],
        },
      },
      { nodeARN: 'arn:aws:kafka:us-east-1:123456789012:controller/events/abc-1/c1', instanceType: 'kafka.m5.large', controllerNodeInfo: { endpoints: ['c-1.events.kafka.us-east-1.amazonaws.com'] } },
      {
        nodeARN: 'arn:aws:kafka:us-east-1:123456789012:broker/events/abc-1/2',
        instanceType: 'kafka.m5.large',
        nodeType: 'BROKER',
        brokerNodeInfo: { brokerId: 2, endpoints: ['b-2.events.kafka.us-east-1.amazonaws.com'] },
      },
    ];
  });

  async function run(extra: Record<string, unknown> = {}, options = {}) {
    const r = await runMechanism(mskMechanism, { region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'msk-secret', port: 11001, ...extra }, options);
    runs.push(r);
    return r;
  }

  it('one target per broker and controller endpoint, across pages, with every meta label, signed', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('us-east-1');
    const cluster = {
      __meta_msk_cluster_arn: ARN,
      __meta_msk_cluster_configuration_arn: 'arn:aws:kafka:us-east-1:123456789012:configuration/c/1',
      __meta_msk_cluster_configuration_revision: '2',
      __meta_msk_cluster_jmx_exporter_enabled: 'true',
      __meta_msk_cluster_kafka_version: '3.6.0',
      __meta_msk_cluster_name: 'events',
      __meta_msk_cluster_state: 'ACTIVE',
      __meta_msk_cluster_tag_env: 'prod',
      __meta_msk_cluster_tag_team_name: 'data',
      __meta_msk_cluster_type: 'PROVISIONED',
      __meta_msk_cluster_version: 'K3AEGXETSR30VB',
    };
    expect(group.targets.slice(0, 3)).toEqual([
      {
        ...cluster,
        __address__: 'b-1.events.kafka.us-east-1.amazonaws.com:11001',
        __meta_msk_broker_client_subnet: 'subnet-a',
        __meta_msk_broker_client_vpc_ip: '10.0.2.1',
        __meta_msk_broker_endpoint_index: '0',
        __meta_msk_broker_id: '1',
        __meta_msk_broker_node_exporter_enabled: 'false',
        __meta_msk_node_added_time: '2024-05-01T10:00:00.000Z',
        __meta_msk_node_arn: 'arn:aws:kafka:us-east-1:123456789012:broker/events/abc-1/1',
        __meta_msk_node_attached_eni: 'eni-1',
        __meta_msk_node_instance_type: 'kafka.m5.large',
        __meta_msk_node_type: 'BROKER',
      },
      expect.objectContaining({ __address__: 'b-1-alt.events.kafka.us-east-1.amazonaws.com:11001', __meta_msk_broker_endpoint_index: '1' }),
      {
        ...cluster,
        __address__: 'c-1.events.kafka.us-east-1.amazonaws.com:11001',
        __meta_msk_controller_endpoint_index: '0',
        __meta_msk_node_arn: 'arn:aws:kafka:us-east-1:123456789012:controller/events/abc-1/c1',
        __meta_msk_node_instance_type: 'kafka.m5.large',
        __meta_msk_node_type: 'CONTROLLER',
      },
    ]);
    expect(group.targets).toHaveLength(4);
    expect(fake.requests.filter((q) => q.path.endsWith('/nodes')).map((q) => q.query.get('nextToken'))).toEqual([null, '1', '2']);
    expect(fake.requests[0].query.get('clusterTypeFilter')).toBe('PROVISIONED');
    expect(fake.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(JSON.stringify(fake.requests.map((q) => q.headers))).not.toContain('msk-secret');
  });

  it('describes only the configured clusters', async () => {
    const r = await run({ clusters: [ARN] });
    expect(fake.requests.map((q) => q.path)).not.toContain('/api/v2/clusters');
    expect(fake.requests[0].path).toBe(`/api/v2/clusters/${encodeURIComponent(ARN)}`);
    expect(addresses(r.latest())).toHaveLength(4);
  });

  it('relabels on the msk meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_msk_node_type', '__meta_msk_broker_endpoint_index'], separator: '/', regex: 'BROKER/0', action: 'keep' },
      { source_labels: ['__meta_msk_broker_id'], target_label: 'broker' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => t.labels)).toEqual([
      { instance: 'b-1.events.kafka.us-east-1.amazonaws.com:11001', broker: '1' },
      { instance: 'b-2.events.kafka.us-east-1.amazonaws.com:11001', broker: '2' },
    ]);
  });

  it('keeps the last targets while MSK fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => nodes.splice(0, 2), ['b-2.events.kafka.us-east-1.amazonaws.com:11001']);
    expect(r.errors[0].message).toContain('could not discover MSK nodes');
  });

  it('with role_arn, signs with the role assumed through STS', async () => {
    const r = await run({ role_arn: 'arn:aws:iam::123456789012:role/msk-reader' }, { vendorEndpoints: { sts: sts.url } });
    expect(r.errors).toEqual([]);
    expect(sts.assumeRoleCalls().pop()?.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/msk-reader');
    expect(fake.requests[0].headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FakeSts.ACCESS_KEY_ID}/`));
  });

  it.each([
    [{}, 'region must be set for MSK service discovery'],
    [{ region: 'r', filters: [] }, 'field filters not found in type aws.MSKSDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => mskMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
