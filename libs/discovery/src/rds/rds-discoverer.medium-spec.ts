import { FakeAwsQuery, xml, xmlList } from '../../test/fake-aws-query';
import { FakeSts } from '../../test/fake-sts';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { rdsMechanism } from '.';

const CLUSTER_ARN = 'arn:aws:rds:eu-west-1:123456789012:cluster:orders';
const tagList = (tags: Record<string, string>) =>
  xmlList(
    'TagList',
    'Tag',
    Object.entries(tags).map(([Key, Value]) => xml({ Key, Value })),
  );

function clusterXml(): string {
  return (
    xml({
      DBClusterArn: CLUSTER_ARN,
      DBClusterIdentifier: 'orders',
      AllocatedStorage: 1,
      BackupRetentionPeriod: 7,
      ClusterCreateTime: '2024-03-01T12:00:00.123Z',
      DBSubnetGroup: 'default',
      DeletionProtection: true,
      Endpoint: 'orders.cluster-x.eu-west-1.rds.amazonaws.com',
      ReaderEndpoint: 'orders.cluster-ro-x.eu-west-1.rds.amazonaws.com',
      Engine: 'aurora-postgresql',
      EngineMode: 'provisioned',
      EngineVersion: '15.4',
      MultiAZ: false,
      Port: 5432,
      Status: 'available',
      StorageEncrypted: true,
    }) +
    xmlList('DBClusterMembers', 'DBClusterMember', [xml({ DBInstanceIdentifier: 'orders-1', IsClusterWriter: true }), xml({ DBInstanceIdentifier: 'orders-2', IsClusterWriter: false })]) +
    tagList({ 'cost-center': 'shop' })
  );
}

function instanceXml(id: string, zone: string): string {
  return (
    xml({
      DBInstanceIdentifier: id,
      DBInstanceArn: `arn:aws:rds:eu-west-1:123456789012:db:${id}`,
      DBInstanceClass: 'db.r6g.large',
      DBInstanceStatus: 'available',
      DBClusterIdentifier: 'orders',
      Engine: 'aurora-postgresql',
      AvailabilityZone: zone,
      Endpoint: { Address: `${id}.x.eu-west-1.rds.amazonaws.com`, Port: 5432, HostedZoneId: 'Z29XKXDKYMONMX' },
      DBSubnetGroup: { DBSubnetGroupName: 'default', VpcId: 'vpc-1' },
      InstanceCreateTime: '2024-03-01T12:05:00Z',
      PromotionTier: 1,
      PubliclyAccessible: false,
    }) + tagList({ role: id === 'orders-1' ? 'writer' : 'reader' })
  );
}

/** A fake RDS Query API: DescribeDBClusters and DescribeDBInstances (one instance per page, `Marker`). */
describe('rds_sd_configs through the AWS SDK against a fake RDS API', () => {
  let instances: string[];
  const fake = new FakeAwsQuery('http://rds.amazonaws.com/doc/2014-10-31/', {
    DescribeDBClusters: () => xmlList('DBClusters', 'DBCluster', [clusterXml()]),
    DescribeDBInstances: (form) => {
      const start = Number(form.get('Marker') ?? 0);
      return xmlList('DBInstances', 'DBInstance', instances.slice(start, start + 1)) + (start + 1 < instances.length ? `<Marker>${start + 1}</Marker>` : '');
    },
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
    instances = [instanceXml('orders-1', 'eu-west-1a'), instanceXml('orders-2', 'eu-west-1b')];
  });

  async function run(extra: Record<string, unknown> = {}, options = {}) {
    const r = await runMechanism(rdsMechanism, { region: 'eu-west-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'rds-secret', port: 9187, ...extra }, options);
    runs.push(r);
    return r;
  }

  it('one target per cluster instance, across pages, with the cluster and instance labels, signed', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('eu-west-1');
    expect(group.targets[0]).toEqual({
      __address__: 'orders-1.x.eu-west-1.rds.amazonaws.com:9187',
      __meta_rds_cluster_allocated_storage: '1',
      __meta_rds_cluster_arn: CLUSTER_ARN,
      __meta_rds_cluster_backup_retention_period: '7',
      __meta_rds_cluster_cluster_create_time: '2024-03-01T12:00:00Z',
      __meta_rds_cluster_deletion_protection: 'true',
      __meta_rds_cluster_endpoint: 'orders.cluster-x.eu-west-1.rds.amazonaws.com',
      __meta_rds_cluster_engine: 'aurora-postgresql',
      __meta_rds_cluster_engine_mode: 'provisioned',
      __meta_rds_cluster_engine_version: '15.4',
      __meta_rds_cluster_identifier: 'orders',
      __meta_rds_cluster_multi_az: 'false',
      __meta_rds_cluster_port: '5432',
      __meta_rds_cluster_reader_endpoint: 'orders.cluster-ro-x.eu-west-1.rds.amazonaws.com',
      __meta_rds_cluster_status: 'available',
      __meta_rds_cluster_storage_encrypted: 'true',
      __meta_rds_cluster_subnet_group: 'default',
      __meta_rds_cluster_tag_cost_center: 'shop',
      __meta_rds_instance_arn: 'arn:aws:rds:eu-west-1:123456789012:db:orders-1',
      __meta_rds_instance_availability_zone: 'eu-west-1a',
      __meta_rds_instance_class: 'db.r6g.large',
      __meta_rds_instance_db_cluster_identifier: 'orders',
      __meta_rds_instance_endpoint_address: 'orders-1.x.eu-west-1.rds.amazonaws.com',
      __meta_rds_instance_endpoint_hosted_zone_id: 'Z29XKXDKYMONMX',
      __meta_rds_instance_endpoint_port: '5432',
      __meta_rds_instance_engine: 'aurora-postgresql',
      __meta_rds_instance_identifier: 'orders-1',
      __meta_rds_instance_instance_create_time: '2024-03-01T12:05:00Z',
      __meta_rds_instance_is_cluster_writer: 'true',
      __meta_rds_instance_promotion_tier: '1',
      __meta_rds_instance_publicly_accessible: 'false',
      __meta_rds_instance_status: 'available',
      __meta_rds_instance_subnet_group: 'default',
      __meta_rds_instance_tag_role: 'writer',
    });
    expect(group.targets[1]).toMatchObject({ __address__: 'orders-2.x.eu-west-1.rds.amazonaws.com:9187', __meta_rds_instance_is_cluster_writer: 'false' });
    expect(fake.actions('DescribeDBInstances').map((f) => f.get('Marker'))).toEqual([null, '1']);
    const first = fake.actions('DescribeDBInstances')[0];
    expect([first.get('Filters.Filter.1.Name'), first.get('Filters.Filter.1.Values.Value.1')]).toEqual(['db-cluster-id', CLUSTER_ARN]);
    expect(fake.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(JSON.stringify(fake.requests.map((q) => [q.headers, q.body]))).not.toContain('rds-secret');
  });

  it('sends filters beside the cluster filter and asks only for the configured clusters', async () => {
    await run({ clusters: [CLUSTER_ARN], filters: [{ name: 'engine', values: ['aurora-postgresql'] }] });
    expect(fake.actions('DescribeDBClusters')[0].get('DBClusterIdentifier')).toBe(CLUSTER_ARN);
    const form = fake.actions('DescribeDBInstances')[0];
    expect([form.get('Filters.Filter.2.Name'), form.get('Filters.Filter.2.Values.Value.1')]).toEqual(['engine', 'aurora-postgresql']);
  });

  it('relabels on the rds meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_rds_instance_is_cluster_writer'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_rds_cluster_identifier'], target_label: 'cluster' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://orders-1.x.eu-west-1.rds.amazonaws.com:9187/errors', { instance: 'orders-1.x.eu-west-1.rds.amazonaws.com:9187', cluster: 'orders' }],
    ]);
  });

  it('keeps the last targets while RDS fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => instances.pop(), ['orders-1.x.eu-west-1.rds.amazonaws.com:9187']);
    expect(r.errors[0].message).toContain('could not discover RDS instances');
  });

  it('with role_arn, signs with the role assumed through STS', async () => {
    const r = await run({ role_arn: 'arn:aws:iam::123456789012:role/rds-reader' }, { vendorEndpoints: { sts: sts.url } });
    expect(r.errors).toEqual([]);
    expect(sts.assumeRoleCalls().pop()?.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/rds-reader');
    expect(fake.requests[0].headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FakeSts.ACCESS_KEY_ID}/`));
    expect(addresses(r.latest())).toHaveLength(2);
  });

  it.each([
    [{}, 'region must be set for RDS service discovery'],
    [{ region: 'r', filters: [{ name: 'engine', value: 'x' }] }, 'field value not found in type aws.Filter'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => rdsMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
