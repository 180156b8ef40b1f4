import { FakeEc2 } from '../../test/fake-ec2';
import { FakeSts } from '../../test/fake-sts';
import { addresses, expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { ec2Mechanism } from '.';

describe('ec2_sd_configs through the AWS SDK against a fake EC2 API', () => {
  const fake = new FakeEc2();
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await fake.close();
  });
  beforeEach(() => {
    fake.failing = false;
    fake.instances = [
      {
        id: 'i-web',
        privateIp: '10.0.0.1',
        publicIp: '54.0.0.1',
        platform: 'windows',
        lifecycle: 'spot',
        tags: { Name: 'web', 'periskop:scrape': 'true' },
        vpc: {
          vpcId: 'vpc-1',
          subnetId: 'subnet-a',
          interfaces: [
            { subnetId: 'subnet-a', deviceIndex: 0, ipv6: [{ address: '2001:db8::1' }] },
            { subnetId: 'subnet-b', deviceIndex: 2, ipv6: [{ address: '2001:db8::2', primary: true }, { address: '2001:db8::3' }] },
            { subnetId: 'subnet-a', deviceIndex: 1 },
          ],
        },
      },
      { id: 'i-plain', privateIp: '10.0.0.2', az: 'us-east-1b', tags: { Name: 'plain' } },
      { id: 'i-noip', state: 'stopped' },
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(ec2Mechanism, { region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'wJalrXUtnFEMI', port: 9100, ...extra });
    runs.push(r);
    return r;
  }

  it('lists every instance with a private IP, across pages, with every meta label', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('us-east-1');
    expect(group.targets).toEqual([
      {
        __address__: '10.0.0.1:9100',
        __meta_ec2_ami: 'ami-0abc',
        __meta_ec2_architecture: 'x86_64',
        __meta_ec2_availability_zone: 'us-east-1a',
        __meta_ec2_availability_zone_id: 'use1-az6',
        __meta_ec2_instance_id: 'i-web',
        __meta_ec2_instance_lifecycle: 'spot',
        __meta_ec2_instance_state: 'running',
        __meta_ec2_instance_type: 't3.micro',
        __meta_ec2_ipv6_addresses: ',2001:db8::1,2001:db8::2,2001:db8::3,',
        __meta_ec2_owner_id: '123456789012',
        __meta_ec2_platform: 'windows',
        __meta_ec2_primary_ipv6_addresses: ',,,2001:db8::2,',
        __meta_ec2_primary_subnet_id: 'subnet-a',
        __meta_ec2_private_dns_name: 'ip-10-0-0-1.ec2.internal',
        __meta_ec2_private_ip: '10.0.0.1',
        __meta_ec2_public_dns_name: 'ec2-54-0-0-1.compute-1.amazonaws.com',
        __meta_ec2_public_ip: '54.0.0.1',
        __meta_ec2_region: 'us-east-1',
        __meta_ec2_subnet_id: ',subnet-a,subnet-b,',
        __meta_ec2_tag_Name: 'web',
        __meta_ec2_tag_periskop_scrape: 'true',
        __meta_ec2_vpc_id: 'vpc-1',
      },
      {
        __address__: '10.0.0.2:9100',
        __meta_ec2_ami: 'ami-0abc',
        __meta_ec2_architecture: 'x86_64',
        __meta_ec2_availability_zone: 'us-east-1b',
        __meta_ec2_availability_zone_id: 'use1-az1',
        __meta_ec2_instance_id: 'i-plain',
        __meta_ec2_instance_state: 'running',
        __meta_ec2_instance_type: 't3.micro',
        __meta_ec2_owner_id: '123456789012',
        __meta_ec2_private_dns_name: 'ip-10-0-0-2.ec2.internal',
        __meta_ec2_private_ip: '10.0.0.2',
        __meta_ec2_region: 'us-east-1',
        __meta_ec2_tag_Name: 'plain',
      },
    ]);
    // Two pages: the SDK followed NextToken.
    expect(fake.requests.filter((q) => new URLSearchParams(q.body).get('Action') === 'DescribeInstances').length).toBeGreaterThanOrEqual(2);
    // The request was signed with the configured key (SigV4), never sent as a plain secret.
    const signed = fake.requests.find((q) => new URLSearchParams(q.body).get('Action') === 'DescribeInstances');
    expect(signed?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(JSON.stringify(fake.requests.map((q) => [q.headers, q.body]))).not.toContain('wJalrXUtnFEMI');
  });

  it('sends filters as EC2 filter parameters', async () => {
    await run({ filters: [{ name: 'tag:periskop:scrape', values: ['true', 'yes'] }] });
    const body = new URLSearchParams(fake.requests.filter((q) => new URLSearchParams(q.body).get('Action') === 'DescribeInstances').pop()!.body);
    expect([body.get('Filter.1.Name'), body.get('Filter.1.Value.1'), body.get('Filter.1.Value.2')]).toEqual(['tag:periskop:scrape', 'true', 'yes']);
  });

  it('relabels on the ec2 meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_ec2_tag_periskop_scrape'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_ec2_public_ip'], target_label: '__address__', replacement: '$1:7777' },
      { source_labels: ['__meta_ec2_tag_Name', '__meta_ec2_availability_zone_id'], separator: '@', target_label: 'node' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://54.0.0.1:7777/errors', { instance: '54.0.0.1:7777', node: 'web@use1-az6' }],
    ]);
  });

  it('with role_arn, assumes the role through STS and signs DescribeInstances with its credentials', async () => {
    const sts = await new FakeSts().start();
    try {
      // Earlier runs may still be refreshing; only this run's requests count.
      for (const earlier of runs.splice(0)) await earlier.stop();
      fake.requests.length = 0;
      const r = await runMechanism(
        ec2Mechanism,
        { region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'wJalrXUtnFEMI', role_arn: 'arn:aws:iam::123456789012:role/ec2-reader' },
        { vendorEndpoints: { sts: sts.url } },
      );
      runs.push(r);
      expect(r.errors).toEqual([]);
      expect(sts.assumeRoleCalls().map((f) => f.get('RoleArn'))).toEqual(['arn:aws:iam::123456789012:role/ec2-reader']);
      const describe = fake.requests.find((q) => new URLSearchParams(q.body).get('Action') === 'DescribeInstances');
      expect(describe?.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FakeSts.ACCESS_KEY_ID}/`));
      expect(describe?.headers['x-amz-security-token']).toBe('role-session-token');
    } finally {
      await sts.close();
    }
  });

  it('keeps the last targets while EC2 fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => fake.instances.shift(), ['10.0.0.2:9100']);
    expect(r.errors[0].message).toContain('could not describe instances');
    expect(addresses(r.latest())).toEqual(['10.0.0.2:9100']);
  });
});

describe('ec2_sd_configs parsing', () => {
  it.each([
    [{}, 'EC2 SD configuration requires a region'],
    [{ region: 'us-east-1', filters: [{ name: 'x', values: [] }] }, 'EC2 SD configuration filter values cannot be empty'],
    [{ region: 'us-east-1', clusters: ['c'] }, 'field clusters not found in type aws.EC2SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => ec2Mechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(ec2Mechanism.parse({ region: 'eu-west-1' }, { baseDir: '/' })).toMatchObject({ port: 80, refreshIntervalMs: 60_000, filters: [], endpoint: '', roleArn: '', externalId: '' });
  });
});
