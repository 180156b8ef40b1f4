import { FakeEcs } from '../../test/fake-ecs';
import { FakeSts } from '../../test/fake-sts';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { ecsMechanism } from '.';

describe('ecs_sd_configs through the AWS SDK against a fake ECS API', () => {
  const fake = new FakeEcs();
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
    fake.clusters = [
      {
        name: 'prod',
        tags: { team: 'payments' },
        services: [
          {
            name: 'api',
            tags: { 'periskop:scrape': 'true' },
            tasks: [
              { arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/t1', ip: '10.0.1.1', subnet: 'subnet-a', tags: { version: '1' }, platformVersion: '1.4.0' },
              { arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/t2', ip: '10.0.1.2' },
              { arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/bridge' },
            ],
          },
          { name: 'worker', tasks: [{ arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/w1', ip: '10.0.1.3' }] },
        ],
      },
      { name: 'empty', services: [] },
    ];
  });

  async function run(extra: Record<string, unknown> = {}, options = {}) {
    const r = await runMechanism(ecsMechanism, { region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'ecs-secret', port: 9100, ...extra }, options);
    runs.push(r);
    return r;
  }

  it('one target per awsvpc task of every service, across pages, with every meta label, signed', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('us-east-1');
    expect(group.targets.find((t) => t.__meta_ecs_task_arn.endsWith('/t1'))).toEqual({
      __address__: '10.0.1.1:9100',
      __meta_ecs_availability_zone: 'us-east-1a',
      __meta_ecs_cluster: 'prod',
      __meta_ecs_cluster_arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      __meta_ecs_desired_status: 'RUNNING',
      __meta_ecs_health_status: 'HEALTHY',
      __meta_ecs_ip_address: '10.0.1.1',
      __meta_ecs_last_status: 'RUNNING',
      __meta_ecs_launch_type: 'FARGATE',
      __meta_ecs_platform_family: 'Linux',
      __meta_ecs_platform_version: '1.4.0',
      __meta_ecs_region: 'us-east-1',
      __meta_ecs_service: 'api',
      __meta_ecs_service_arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/api',
      __meta_ecs_service_status: 'ACTIVE',
      __meta_ecs_subnet_id: 'subnet-a',
      __meta_ecs_tag_cluster_team: 'payments',
      __meta_ecs_tag_service_periskop_scrape: 'true',
      __meta_ecs_tag_task_version: '1',
      __meta_ecs_task_arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/t1',
      __meta_ecs_task_definition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
      __meta_ecs_task_group: 'service:api',
    });
    // The task without an ENI (bridge network mode) has no address to scrape.
    expect(addresses(r.latest())).toEqual(['10.0.1.1:9100', '10.0.1.2:9100', '10.0.1.3:9100']);
    // Clusters, services and tasks each came one per page: the SDK followed nextToken.
    expect(fake.actions('ListClusters').length).toBe(2);
    expect(fake.actions('ListTasks').map((i) => i.nextToken ?? null)).toEqual(expect.arrayContaining([null, '1', '2']));
    expect(fake.actions('DescribeTasks')[0]).toMatchObject({ include: ['TAGS'] });
    expect(fake.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(JSON.stringify(fake.requests.map((q) => [q.headers, q.body]))).not.toContain('ecs-secret');
  });

  it('asks only for the configured clusters', async () => {
    await run({ clusters: ['arn:aws:ecs:us-east-1:123456789012:cluster/empty'] });
    expect(fake.actions('ListClusters')).toEqual([]);
    expect(fake.actions('ListServices').map((i) => i.cluster)).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/empty']);
  });

  it('relabels on the ecs meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_ecs_tag_service_periskop_scrape'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_ecs_cluster', '__meta_ecs_service'], separator: '/', target_label: 'ecs_service' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://10.0.1.1:9100/errors', { instance: '10.0.1.1:9100', ecs_service: 'prod/api' }],
      ['http://10.0.1.2:9100/errors', { instance: '10.0.1.2:9100', ecs_service: 'prod/api' }],
    ]);
  });

  it('keeps the last targets while ECS fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => fake.clusters[0].services.pop(), ['10.0.1.1:9100', '10.0.1.2:9100']);
    expect(r.errors[0].message).toContain('could not discover ECS tasks');
    // What is reported (and logged) never carries the credentials.
    expect(r.errors.map((e) => e.message).join('\n')).not.toMatch(/ecs-secret|AKIDEXAMPLE/);
  });

  it('with role_arn, assumes the role through STS and signs with the temporary credentials', async () => {
    sts.requests.length = 0;
    const r = await run({ role_arn: 'arn:aws:iam::123456789012:role/periskop', external_id: 'ext-1' }, { vendorEndpoints: { sts: sts.url } });
    expect(r.errors).toEqual([]);
    const [call] = sts.assumeRoleCalls();
    expect([call.get('RoleArn'), call.get('ExternalId')]).toEqual(['arn:aws:iam::123456789012:role/periskop', 'ext-1']);
    // STS itself is called with the configured keys; ECS with the role's.
    expect(sts.requests[0].headers.authorization).toMatch(/Credential=AKIDEXAMPLE\//);
    const last = fake.requests[fake.requests.length - 1];
    expect(last.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FakeSts.ACCESS_KEY_ID}/`));
    expect(last.headers['x-amz-security-token']).toBe('role-session-token');
    expect(addresses(r.latest())).toEqual(['10.0.1.1:9100', '10.0.1.2:9100', '10.0.1.3:9100']);
  });
});

describe('ecs_sd_configs parsing', () => {
  it.each([
    [{}, 'ECS SD configuration requires a region'],
    [{ region: 'r', clusters: 'prod' }, 'clusters must be a list of strings'],
    [{ region: 'r', request_concurrency: 0 }, 'request_concurrency must be an integer between 1 and 1000'],
    [{ region: 'r', filters: [] }, 'field filters not found in type aws.ECSSDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => ecsMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(ecsMechanism.parse({ region: 'eu-west-1' }, { baseDir: '/' })).toMatchObject({ port: 80, refreshIntervalMs: 60_000, requestConcurrency: 20, clusters: [], roleArn: '' });
  });
});
