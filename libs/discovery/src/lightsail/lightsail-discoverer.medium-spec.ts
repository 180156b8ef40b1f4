import { FakeApi } from '../../test/fake-api';
import { FakeSts } from '../../test/fake-sts';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { lightsailMechanism } from '.';

/** A fake Lightsail API: the AWS JSON 1.1 protocol (`X-Amz-Target: Lightsail_20161128.GetInstances`), one instance per page. */
describe('lightsail_sd_configs through the AWS SDK against a fake Lightsail API', () => {
  let instances: Array<Record<string, unknown>>;
  const fake = new FakeApi((req) => {
    if (req.headers['x-amz-target'] !== 'Lightsail_20161128.GetInstances') return undefined;
    const token = Number((JSON.parse(req.body || '{}') as { pageToken?: string }).pageToken ?? 0);
    const next = token + 1 < instances.length ? String(token + 1) : undefined;
    return { headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body: { instances: instances.slice(token, token + 1), ...(next ? { nextPageToken: next } : {}) } };
  });
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
    instances = [
      {
        name: 'web-1',
        blueprintId: 'ubuntu_22_04',
        bundleId: 'nano_3_0',
        supportCode: '123456789012/i-0abc',
        location: { availabilityZone: 'eu-west-1a', regionName: 'eu-west-1' },
        state: { code: 16, name: 'running' },
        privateIpAddress: '172.26.0.10',
        publicIpAddress: '3.250.0.10',
        ipv6Addresses: ['2a05:d018::10'],
        tags: [{ key: 'periskop:scrape', value: 'true' }],
      },
      { name: 'no-ip', blueprintId: 'b', bundleId: 'n', supportCode: 's', location: { availabilityZone: 'eu-west-1a' }, state: { name: 'stopped' } },
      { name: 'web-2', blueprintId: 'b', bundleId: 'n', supportCode: 's', location: { availabilityZone: 'eu-west-1b' }, state: { name: 'running' }, privateIpAddress: '172.26.0.11' },
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(lightsailMechanism, { region: 'eu-west-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'ls-secret', port: 9100, ...extra });
    runs.push(r);
    return r;
  }

  it('every instance with a private IP across pages, with every meta label, signed', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('eu-west-1');
    expect(group.targets[0]).toEqual({
      __address__: '172.26.0.10:9100',
      __meta_lightsail_availability_zone: 'eu-west-1a',
      __meta_lightsail_blueprint_id: 'ubuntu_22_04',
      __meta_lightsail_bundle_id: 'nano_3_0',
      __meta_lightsail_instance_name: 'web-1',
      __meta_lightsail_instance_state: 'running',
      __meta_lightsail_instance_support_code: '123456789012/i-0abc',
      __meta_lightsail_ipv6_addresses: ',2a05:d018::10,',
      __meta_lightsail_private_ip: '172.26.0.10',
      __meta_lightsail_public_ip: '3.250.0.10',
      __meta_lightsail_region: 'eu-west-1',
      __meta_lightsail_tag_periskop_scrape: 'true',
    });
    expect(group.targets.map((t) => t.__address__)).toEqual(['172.26.0.10:9100', '172.26.0.11:9100']);
    expect(fake.requests[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    expect(JSON.stringify(fake.requests.map((q) => q.headers))).not.toContain('ls-secret');
  });

  it('relabels on the lightsail meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_lightsail_tag_periskop_scrape'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_lightsail_instance_name'], target_label: 'node' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://172.26.0.10:9100/errors', { instance: '172.26.0.10:9100', node: 'web-1' }],
    ]);
  });

  it('keeps the last targets while Lightsail fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => instances.shift(), ['172.26.0.11:9100']);
    expect(r.errors[0].message).toContain('could not get instances');
  });

  it('with role_arn, signs GetInstances with the role assumed through STS', async () => {
    const sts = await new FakeSts().start();
    try {
      // Earlier runs may still be refreshing; only this run's requests count.
      for (const earlier of runs.splice(0)) await earlier.stop();
      fake.requests.length = 0;
      const r = await runMechanism(
        lightsailMechanism,
        { region: 'eu-west-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 'ls-secret', role_arn: 'arn:aws:iam::123456789012:role/ls', external_id: 'tenant-7' },
        { vendorEndpoints: { sts: sts.url } },
      );
      runs.push(r);
      expect(r.errors).toEqual([]);
      expect(sts.assumeRoleCalls().map((f) => [f.get('RoleArn'), f.get('ExternalId')])).toEqual([['arn:aws:iam::123456789012:role/ls', 'tenant-7']]);
      expect(fake.requests[0].headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${FakeSts.ACCESS_KEY_ID}/`));
    } finally {
      await sts.close();
    }
  });

  it('requires a region', () => {
    expect(() => lightsailMechanism.parse({}, { baseDir: '/' })).toThrow('Lightsail SD configuration requires a region');
  });
});
