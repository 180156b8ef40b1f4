import { FakeAwsQuery, xml, xmlList } from '../../test/fake-aws-query';
import { FakeSts } from '../../test/fake-sts';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { elasticacheMechanism } from '.';

const SERVERLESS_ARN = 'arn:aws:elasticache:us-east-1:123456789012:serverlesscache:sessions';
const clusterArn = (id: string) => `arn:aws:elasticache:us-east-1:123456789012:cluster:${id}`;

function cacheClusterXml(id: string, nodeAddress: string, extra = ''): string {
  return (
    xml({
      CacheClusterId: id,
      ARN: clusterArn(id),
      CacheClusterStatus: 'available',
      CacheNodeType: 'cache.t4g.micro',
      Engine: 'redis',
      EngineVersion: '7.1.0',
      NumCacheNodes: 1,
      CacheClusterCreateTime: '2024-02-01T08:00:00.500Z',
      CacheParameterGroup: { CacheParameterGroupName: 'default.redis7', ParameterApplyStatus: 'in-sync' },
      ReplicationGroupId: 'rg-1',
      TransitEncryptionEnabled: true,
    }) +
    xmlList('SecurityGroups', 'member', [xml({ SecurityGroupId: 'sg-1', Status: 'active' })]) +
    xmlList('CacheNodes', 'CacheNode', [xml({ CacheNodeId: '0001', CacheNodeStatus: 'available', Endpoint: { Address: nodeAddress, Port: 6379 }, CustomerAvailabilityZone: 'us-east-1a' })]) +
    extra
  );
}

/** A fake ElastiCache Query API: DescribeCacheClusters (one cluster per page, `Marker`), DescribeServerlessCaches, ListTagsForResource. */
describe('elasticache_sd_configs through the AWS SDK against a fake ElastiCache API', () => {
  let clusters: string[];
  const fake = new FakeAwsQuery('http://elasticache.amazonaws.com/doc/2015-02-02/', {
    DescribeCacheClusters: (form) => {
      const start = Number(form.get('Marker') ?? 0);
      return xmlList('CacheClusters', 'CacheCluster', clusters.slice(start, start + 1)) + (start + 1 < clusters.length ? `<Marker>${start + 1}</Marker>` : '');
    },
    DescribeServerlessCaches: () =>
      xmlList('ServerlessCaches', 'member', [
        xml({
          ServerlessCacheName: 'sessions',
          ARN: SERVERLESS_ARN,
          Status: 'available',
          Engine: 'valkey',
          FullEngineVersion: '8.0',
          MajorEngineVersion: '8',
          Endpoint: { Address: 'sessions-x.serverless.use1.cache.amazonaws.com', Port: 6379 },
          ReaderEndpoint: { Address: 'sessions-x.serverless.use1.cache.amazonaws.com', Port: 6380 },
          CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: 'GB' }, ECPUPerSecond: { Maximum: 5000 } },
          SnapshotRetentionLimit: 1,
        }) + xmlList('SubnetIds', 'SubnetId', ['subnet-a', 'subnet-b']),
      ]),
    ListTagsForResource: (form) => xmlList('TagList', 'Tag', [xml({ Key: 'app:name', Value: form.get('ResourceName')!.includes('serverless') ? 'web' : 'jobs' })]),
  });
  const sts = new FakeSts();
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    await fake.start();
    await sts.start();
  });
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
    clusters = [
      cacheClusterXml('jobs-001', 'jobs-001.x.0001.use1.cache.amazonaws.com', xml({ ConfigurationEndpoint: { Address: 'jobs.x.clustercfg.use1.cache.amazonaws.com', Port: 6379 } })),
      cacheClusterXml('jobs-002', 'jobs-002.x.0001.use1.cache.amazonaws.com'),
    ];
  });

  async function run(extra: Record<string, unknown> = {}, options = {}) {
    const r = await runMechanism(elasticacheMechanism, { region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'ec-secret', ...extra }, options);
    runs.push(r);
    return r;
  }

  it('serverless caches and cache clusters, across pages, with every meta label and their tags, signed', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('us-east-1');
    expect(group.targets[0]).toEqual({
      __address__: 'sessions-x.serverless.use1.cache.amazonaws.com:6379',
      __meta_elasticache_type: 'serverless_cache',
      __meta_elasticache_serverless_cache_arn: SERVERLESS_ARN,
      __meta_elasticache_serverless_cache_cache_usage_limit_data_storagemaximum: '10',
      __meta_elasticache_serverless_cache_cache_usage_limit_data_storageunit: 'GB',
      __meta_elasticache_serverless_cache_cache_usage_limit_ecpu_per_secondmaximum: '5000',
      __meta_elasticache_serverless_cache_endpoint_address: 'sessions-x.serverless.use1.cache.amazonaws.com',
      __meta_elasticache_serverless_cache_endpoint_port: '6379',
      __meta_elasticache_serverless_cache_endpoint_reader_address: 'sessions-x.serverless.use1.cache.amazonaws.com',
      __meta_elasticache_serverless_cache_endpoint_reader_port: '6380',
      __meta_elasticache_serverless_cache_engine: 'valkey',
      __meta_elasticache_serverless_cache_full_engine_version: '8.0',
      __meta_elasticache_serverless_cache_major_engine_version: '8',
      __meta_elasticache_serverless_cache_name: 'sessions',
      __meta_elasticache_serverless_cache_snapshot_retention_limit: '1',
      __meta_elasticache_serverless_cache_status: 'available',
      __meta_elasticache_serverless_cache_subnet_id_0: 'subnet-a',
      __meta_elasticache_serverless_cache_subnet_id_1: 'subnet-b',
      __meta_elasticache_serverless_cache_tag_app_name: 'web',
    });
    expect(group.targets[1]).toEqual({
      // Cluster mode: the configuration endpoint, not a node.
      __address__: 'jobs.x.clustercfg.use1.cache.amazonaws.com:6379',
      __meta_elasticache_type: 'cache_cluster',
      __meta_elasticache_cache_cluster_arn: clusterArn('jobs-001'),
      __meta_elasticache_cache_cluster_cache_cluster_create_time: '2024-02-01T08:00:00Z',
      __meta_elasticache_cache_cluster_cache_cluster_id: 'jobs-001',
      __meta_elasticache_cache_cluster_cache_cluster_status: 'available',
      __meta_elasticache_cache_cluster_cache_node_type: 'cache.t4g.micro',
      __meta_elasticache_cache_cluster_cache_parameter_group: 'default.redis7',
      __meta_elasticache_cache_cluster_configuration_endpoint_address: 'jobs.x.clustercfg.use1.cache.amazonaws.com',
      __meta_elasticache_cache_cluster_configuration_endpoint_port: '6379',
      __meta_elasticache_cache_cluster_engine: 'redis',
      __meta_elasticache_cache_cluster_engine_version: '7.1.0',
      __meta_elasticache_cache_cluster_num_cache_nodes: '1',
      __meta_elasticache_cache_cluster_replication_group_id: 'rg-1',
      __meta_elasticache_cache_cluster_security_group_membership_id_0: 'sg-1',
      __meta_elasticache_cache_cluster_security_group_membership_status_0: 'active',
      __meta_elasticache_cache_cluster_tag_app_name: 'jobs',
      __meta_elasticache_cache_cluster_transit_encryption_enabled: 'true',
      __meta_elasticache_cache_node_availability_zone_0: 'us-east-1a',
      __meta_elasticache_cache_node_endpoint_address_0: 'jobs-001.x.0001.use1.cache.amazonaws.com',
      __meta_elasticache_cache_node_endpoint_port_0: '6379',
      __meta_elasticache_cache_node_id_0: '0001',
      __meta_elasticache_cache_node_status_0: 'available',
    });
    // Without a configuration endpoint, the first node's.
    expect(group.targets[2].__address__).toBe('jobs-002.x.0001.use1.cache.amazonaws.com:6379');
    expect(fake.actions('DescribeCacheClusters').map((f) => [f.get('Marker'), f.get('ShowCacheNodeInfo')])).toEqual([
      [null, 'true'],
      ['1', 'true'],
    ]);
    expect(
      fake
        .actions('ListTagsForResource')
        .map((f) => f.get('ResourceName'))
        .sort(),
    ).toEqual([clusterArn('jobs-001'), clusterArn('jobs-002'), SERVERLESS_ARN].sort());
    expect(fake.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(JSON.stringify(fake.requests.map((q) => [q.headers, q.body]))).not.toContain('ec-secret');
  });

  it('asks for the configured caches by name, split by ARN type', async () => {
    await run({ clusters: [SERVERLESS_ARN, 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:jobs-001'] });
    expect(fake.actions('DescribeServerlessCaches')[0].get('ServerlessCacheName')).toBe('sessions');
    expect(fake.actions('DescribeCacheClusters')[0].get('CacheClusterId')).toBe('jobs-001');
  });

  it('relabels on the elasticache meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_elasticache_type'], regex: 'cache_cluster', action: 'keep' },
      { source_labels: ['__meta_elasticache_cache_cluster_cache_cluster_id'], target_label: 'cache' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => t.labels.cache)).toEqual(['jobs-001', 'jobs-002']);
  });

  it('keeps the last targets while ElastiCache fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => clusters.pop(), ['sessions-x.serverless.use1.cache.amazonaws.com:6379', 'jobs.x.clustercfg.use1.cache.amazonaws.com:6379']);
    expect(r.errors[0].message).toContain('could not discover ElastiCache caches');
  });

  it('with role_arn, signs with the role assumed through STS', async () => {
    const r = await run({ role_arn: 'arn:aws:iam::123456789012:role/cache-reader' }, { vendorEndpoints: { sts: sts.url } });
    expect(r.errors).toEqual([]);
    expect(sts.assumeRoleCalls().pop()?.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/cache-reader');
    expect(fake.requests[0].headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FakeSts.ACCESS_KEY_ID}/`));
    expect(addresses(r.latest())).toHaveLength(3);
  });

  it.each([
    [{}, 'region must be set for Elasticache service discovery'],
    [{ region: 'r', port: 'redis' }, 'port must be an integer between 0 and 65535'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => elasticacheMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
