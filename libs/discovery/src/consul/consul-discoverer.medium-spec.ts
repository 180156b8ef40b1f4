import { entry, FakeConsul } from '../../test/fake-consul';
import { waitFor } from '../../test/wait-for';
import type { TargetGroup } from '../target-group';
import { ConsulDiscoverer } from './consul-discoverer';
import { parseConsulSdConfig } from './consul-sd-config';
import { aggregatedStatus } from './consul-targets';

describe('consul_sd_configs against a fake Consul agent (blocking queries)', () => {
  const consul = new FakeConsul();
  const running: ConsulDiscoverer[] = [];

  beforeAll(async () => {
    await consul.start();
    consul.setService(
      'web',
      ['prod', 'v1'],
      [
        entry('n1', '10.0.0.1', 'web', 8080, { Tags: ['prod', 'v1'] }, [{ CheckID: 'serfHealth', Status: 'passing' }]),
        entry('n2', '10.0.0.2', 'web', 8080, { Tags: ['prod'], Address: '10.9.9.9' }, [{ CheckID: 'c', Status: 'warning' }]),
      ],
    );
    consul.setService('db', ['staging'], [entry('n3', '10.0.0.3', 'db', 5432)]);
  });
  afterAll(async () => {
    for (const d of running) await d.stop();
    await consul.close();
  });

  async function discover(raw: Record<string, unknown>) {
    const groups = new Map<string, TargetGroup>();
    const errors: Error[] = [];
    const d = new ConsulDiscoverer(parseConsulSdConfig({ server: consul.server, refresh_interval: '20ms', ...raw }, '/'), { onError: (_m, e) => errors.push(e) });
    running.push(d);
    await d.start((update) => {
      for (const g of update) {
        if (g.targets.length === 0) groups.delete(g.source);
        else groups.set(g.source, g);
      }
    });
    return { groups, errors, stop: () => d.stop() };
  }

  it('watches every catalog service, asks the agent for the datacenter, labels targets', async () => {
    const { groups } = await discover({ token: 's3cret' });
    expect([...groups.keys()].sort()).toEqual(['db', 'web']);
    const web = groups.get('web')!;
    expect(web.labels).toEqual({ __meta_consul_service: 'web', __meta_consul_dc: 'test-dc' });
    expect(web.targets[0]).toEqual({
      __address__: '10.0.0.1:8080',
      __meta_consul_address: '10.0.0.1',
      __meta_consul_node: 'n1',
      __meta_consul_namespace: '',
      __meta_consul_partition: '',
      __meta_consul_tags: ',prod,v1,',
      __meta_consul_service_address: '',
      __meta_consul_service_port: '8080',
      __meta_consul_service_id: 'web-n1',
      __meta_consul_health: 'passing',
      __meta_consul_metadata_rack_name: '2304',
      __meta_consul_service_metadata_version: '1',
      __meta_consul_tagged_address_lan: '10.0.0.1',
      __meta_consul_tagged_address_wan: '8.8.8.8',
    });
    // The service's own address wins over the node's.
    expect(web.targets[1]).toMatchObject({ __address__: '10.9.9.9:8080', __meta_consul_health: 'warning' });
    expect(consul.requests.every((r) => r.token === 's3cret')).toBe(true);
    expect(consul.requests.some((r) => r.url.startsWith('/v1/catalog/services?dc=test-dc&wait=120000ms&stale='))).toBe(true);
  });

  it('follows changes through blocking queries: new instance, new service, removed service', async () => {
    const { groups } = await discover({});
    consul.setService('web', ['prod'], [entry('n1', '10.0.0.1', 'web', 8080), entry('n4', '10.0.0.4', 'web', 8080)]);
    await waitFor(() => groups.get('web')?.targets.length === 2 && groups.get('web')!.targets[1].__address__ === '10.0.0.4:8080');
    consul.setService('cache', [], [entry('n5', '10.0.0.5', 'cache', 6379)]);
    await waitFor(() => groups.has('cache'));
    consul.removeService('cache');
    await waitFor(() => !groups.has('cache'));
    expect(consul.requests.some((r) => /^\/v1\/health\/service\/web\?dc=test-dc&index=\d+&wait=120000ms/.test(r.url))).toBe(true);
  });

  it('with a fixed services list, watches only those; tags must all match; node_meta and filters are passed', async () => {
    const fixed = await discover({ services: ['db'], datacenter: 'dc9', allow_stale: false });
    expect([...fixed.groups.keys()]).toEqual(['db']);
    expect(fixed.groups.get('db')!.labels.__meta_consul_dc).toBe('dc9');
    expect(consul.requests.some((r) => r.url === '/v1/health/service/db?dc=dc9&wait=120000ms')).toBe(true);

    consul.setService('api', ['gold', 'v2'], [entry('n6', '10.0.0.6', 'api', 80, { Tags: ['gold', 'v2'] }), entry('n7', '10.0.0.7', 'api', 80, { Tags: ['gold'] })]);
    consul.setService('api-old', ['gold'], [entry('n8', '10.0.0.8', 'api-old', 80, { Tags: ['gold'] })]);
    const tagged = await discover({ tags: ['gold', 'v2'], node_meta: { rack_name: '2304' }, filter: 'x', health_filter: 'y' });
    expect([...tagged.groups.keys()]).toEqual(['api']);
    expect(tagged.groups.get('api')!.targets.map((t) => t.__meta_consul_node)).toEqual(['n6']);
    expect(consul.requests.some((r) => r.url.includes('/v1/catalog/services?') && r.url.includes('node-meta=rack_name%3A2304&filter=x'))).toBe(true);
    expect(consul.requests.some((r) => r.url.includes('/v1/health/service/api?') && r.url.includes('tag=gold&tag=v2&filter=y'))).toBe(true);
  });

  it('reports failures and keeps the last targets', async () => {
    const { groups, errors } = await discover({ services: ['db'], datacenter: 'dc1' });
    consul.failing = true;
    consul.setService('db', [], []);
    await waitFor(() => errors.length > 0);
    expect(groups.get('db')!.targets).toHaveLength(1);
    consul.failing = false;
  });
});

describe('consul health aggregation', () => {
  it.each<[Array<{ CheckID: string; Status: string }>, string]>([
    [[], 'passing'],
    [
      [
        { CheckID: 'a', Status: 'passing' },
        { CheckID: 'b', Status: 'warning' },
      ],
      'warning',
    ],
    [
      [
        { CheckID: 'a', Status: 'critical' },
        { CheckID: 'b', Status: 'warning' },
      ],
      'critical',
    ],
    [
      [
        { CheckID: '_node_maintenance', Status: 'critical' },
        { CheckID: 'b', Status: 'passing' },
      ],
      'maintenance',
    ],
    [[{ CheckID: '_service_maintenance:web', Status: 'critical' }], 'maintenance'],
    [
      [
        { CheckID: 'a', Status: 'bogus' },
        { CheckID: '_node_maintenance', Status: 'critical' },
      ],
      '',
    ],
  ])('%j → %j', (checks, status) => {
    expect(aggregatedStatus(checks)).toBe(status);
  });
});

describe('consul_sd_configs parsing', () => {
  it('applies defaults', () => {
    expect(parseConsulSdConfig({}, '/')).toMatchObject({ baseUrl: 'http://localhost:8500', tagSeparator: ',', allowStale: true, refreshIntervalMs: 30_000, services: [] });
  });
  it.each([
    [{ server: '' }, 'server: consul SD configuration requires a server address'],
    [{ token: 'a', authorization: { credentials: 'b' } }, 'token: at most one of consul SD configuration token, authorization or oauth2 can be configured'],
    [{ username: 'u', basic_auth: { username: 'x' } }, 'username: at most one of consul SD configuration username and password, basic auth or oauth2 can be configured'],
    [{ service: ['x'] }, 'service: field service not found in type consul.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseConsulSdConfig(raw, '/')).toThrow(message);
  });
});
