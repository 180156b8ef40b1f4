import { FakeApi } from '../../test/fake-api';
import { FakeAwsQuery, xml, xmlList } from '../../test/fake-aws-query';
import { FakeEc2 } from '../../test/fake-ec2';
import { FakeEcs } from '../../test/fake-ecs';
import { FakeSts } from '../../test/fake-sts';
import { runMechanism } from '../../test/run-mechanism';
import { awsMechanism } from '.';

describe('aws_sd_configs', () => {
  async function discover(fake: FakeApi, raw: Record<string, unknown>, options = {}) {
    await fake.start();
    const r = await runMechanism(awsMechanism, { region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 's', port: 9100, ...raw }, options);
    try {
      expect(r.errors).toEqual([]);
      return r.latest()[0].targets;
    } finally {
      await r.stop();
      await fake.close();
    }
  }

  it('role ec2 discovers EC2 instances with the __meta_ec2_* labels, through the endpoint override', async () => {
    const fake = new FakeEc2();
    fake.instances = [{ id: 'i-1', privateIp: '10.0.0.1', tags: { Name: 'web' } }];
    expect(await discover(fake, { role: 'ec2', filters: [{ name: 'tag:Name', values: ['web'] }] })).toEqual([
      expect.objectContaining({ __address__: '10.0.0.1:9100', __meta_ec2_instance_id: 'i-1', __meta_ec2_tag_Name: 'web', __meta_ec2_region: 'us-east-1' }),
    ]);
    expect(new URLSearchParams(fake.requests.find((q) => q.body.includes('DescribeInstances'))!.body).get('Filter.1.Name')).toBe('tag:Name');
  });

  it('role ecs discovers ECS tasks of the configured clusters with the __meta_ecs_* labels', async () => {
    const fake = new FakeEcs();
    fake.clusters = [{ name: 'prod', services: [{ name: 'api', tasks: [{ arn: 'arn:aws:ecs:us-east-1:1:task/prod/t1', ip: '10.0.1.1' }] }] }];
    expect(await discover(fake, { role: 'ecs', clusters: ['prod'] })).toEqual([expect.objectContaining({ __address__: '10.0.1.1:9100', __meta_ecs_cluster: 'prod', __meta_ecs_service: 'api' })]);
    expect(fake.actions('ListClusters')).toEqual([]);
  });

  it('role msk discovers broker endpoints with the __meta_msk_* labels', async () => {
    const fake = new FakeApi((req) =>
      req.path === '/api/v2/clusters'
        ? { body: { clusterInfoList: [{ clusterArn: 'arn:msk', clusterName: 'events', state: 'ACTIVE' }] } }
        : req.path.endsWith('/nodes')
          ? { body: { nodeInfoList: [{ nodeARN: 'n1', brokerNodeInfo: { brokerId: 1, endpoints: ['b-1.events.example'] } }] } }
          : undefined,
    );
    expect(await discover(fake, { role: 'msk' })).toEqual([expect.objectContaining({ __address__: 'b-1.events.example:9100', __meta_msk_cluster_name: 'events', __meta_msk_node_type: 'BROKER' })]);
  });

  it('role rds discovers cluster instances with the __meta_rds_* labels, with role_arn through STS', async () => {
    const sts = await new FakeSts().start();
    const fake = new FakeAwsQuery('http://rds.amazonaws.com/doc/2014-10-31/', {
      DescribeDBClusters: () => xmlList('DBClusters', 'DBCluster', [xml({ DBClusterArn: 'arn:rds:c', DBClusterIdentifier: 'orders' })]),
      DescribeDBInstances: () => xmlList('DBInstances', 'DBInstance', [xml({ DBInstanceIdentifier: 'orders-1', Endpoint: { Address: 'orders-1.example', Port: 5432 } })]),
    });
    try {
      const targets = await discover(fake, { role: 'rds', role_arn: 'arn:aws:iam::1:role/r', external_id: 'x' }, { vendorEndpoints: { sts: sts.url } });
      expect(targets).toEqual([expect.objectContaining({ __address__: 'orders-1.example:9100', __meta_rds_cluster_identifier: 'orders', __meta_rds_instance_identifier: 'orders-1' })]);
      expect(sts.assumeRoleCalls().map((f) => [f.get('RoleArn'), f.get('ExternalId')])).toEqual([['arn:aws:iam::1:role/r', 'x']]);
      expect(fake.requests[0].headers.authorization).toMatch(new RegExp(`Credential=${FakeSts.ACCESS_KEY_ID}/`));
    } finally {
      await sts.close();
    }
  });

  it('role elasticache discovers caches with the __meta_elasticache_* labels', async () => {
    const fake = new FakeAwsQuery('http://elasticache.amazonaws.com/doc/2015-02-02/', {
      DescribeServerlessCaches: () => xmlList('ServerlessCaches', 'member', []),
      DescribeCacheClusters: () =>
        xmlList('CacheClusters', 'CacheCluster', [xml({ CacheClusterId: 'c1', ARN: 'arn:ec:c1' }) + xmlList('CacheNodes', 'CacheNode', [xml({ Endpoint: { Address: 'c1.example', Port: 6379 } })])]),
      ListTagsForResource: () => xmlList('TagList', 'Tag', []),
    });
    expect(await discover(fake, { role: 'elasticache' })).toEqual([expect.objectContaining({ __address__: 'c1.example:6379', __meta_elasticache_type: 'cache_cluster' })]);
  });

  it.each([
    [{ role: 'ec3', region: 'r' }, 'role', 'unknown AWS SD role "ec3"'],
    [{ role: 'ec2' }, 'region', 'aws sd configuration requires a region'],
    [{ role: 'ec2', region: 'r', filters: [{ name: 'x', values: [] }] }, 'filters.0.values', 'EC2 SD configuration filter values cannot be empty'],
    [{ role: 'ecs', region: 'r', clusters: 'prod' }, 'clusters', 'clusters must be a list of strings'],
    [{ role: 'rds', region: 'r', request_concurrency: 5 }, 'request_concurrency', 'field request_concurrency not found in type aws.SDConfig'],
  ])('%j is refused at %s: %s', (raw, path, message) => {
    let error: { path?: Array<string | number>; message?: string } = {};
    try {
      awsMechanism.parse(raw, { baseDir: '/' });
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.path?.join('.')).toBe(path);
    expect(error.message).toContain(message);
  });

  it('each role reads only its own fields and keeps its own defaults', () => {
    expect(awsMechanism.parse({ role: 'lightsail', region: 'eu-west-1', port: 9100, clusters: ['x'], filters: [] }, { baseDir: '/' })).toMatchObject({
      role: 'lightsail',
      config: { region: 'eu-west-1', port: 9100 },
    });
    expect(awsMechanism.parse({ role: 'ecs', region: 'eu-west-1', clusters: ['prod'], filters: [{ name: 'a', values: ['b'] }] }, { baseDir: '/' })).toMatchObject({
      role: 'ecs',
      config: { clusters: ['prod'], requestConcurrency: 20, port: 80 },
    });
    expect(awsMechanism.parse({ role: 'rds', region: 'eu-west-1', role_arn: 'arn:aws:iam::1:role/r' }, { baseDir: '/' })).toMatchObject({
      role: 'rds',
      config: { roleArn: 'arn:aws:iam::1:role/r', requestConcurrency: 10, filters: [] },
    });
  });
});
