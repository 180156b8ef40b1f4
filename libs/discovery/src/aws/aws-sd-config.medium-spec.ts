import { FakeEc2 } from '../../test/fake-ec2';
import { runMechanism } from '../../test/run-mechanism';
import { awsMechanism } from '.';

describe('aws_sd_configs', () => {
  it('role ec2 discovers EC2 instances with the __meta_ec2_* labels, through the endpoint override', async () => {
    const fake = new FakeEc2();
    fake.instances = [{ id: 'i-1', privateIp: '10.0.0.1', tags: { Name: 'web' } }];
    await fake.start();
    const r = await runMechanism(awsMechanism, { role: 'ec2', region: 'us-east-1', endpoint: fake.url, access_key: 'AKIDEXAMPLE', secret_key: 's', port: 9100, filters: [{ name: 'tag:Name', values: ['web'] }] });
    try {
      expect(r.errors).toEqual([]);
      expect(r.latest()[0].targets).toEqual([expect.objectContaining({ __address__: '10.0.0.1:9100', __meta_ec2_instance_id: 'i-1', __meta_ec2_tag_Name: 'web', __meta_ec2_region: 'us-east-1' })]);
    } finally {
      await r.stop();
      await fake.close();
    }
  });

  it.each([
    [{ role: 'ec3', region: 'r' }, 'role', 'unknown AWS SD role "ec3"'],
    [{ role: 'ec2' }, 'region', 'aws sd configuration requires a region'],
    [{ role: 'ecs', region: 'r', clusters: ['c'] }, 'role', 'AWS SD role "ecs" is not supported yet (supported: ec2, lightsail)'],
    [{ role: 'ec2', region: 'r', filters: [{ name: 'x', values: [] }] }, 'filters.0.values', 'EC2 SD configuration filter values cannot be empty'],
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

  it('role lightsail parses as lightsail_sd_configs', () => {
    expect(awsMechanism.parse({ role: 'lightsail', region: 'eu-west-1', port: 9100 }, { baseDir: '/' })).toMatchObject({ role: 'lightsail', lightsail: { region: 'eu-west-1', port: 9100 } });
  });
});
