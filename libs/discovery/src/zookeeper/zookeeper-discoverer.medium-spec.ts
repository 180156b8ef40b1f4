import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { waitFor } from '../../test/wait-for';
import { startZookeeper, zk, ZookeeperServer } from '../../test/zookeeper-server';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import type { TargetGroup } from '../target-group';
import { nerveMechanism, serversetMechanism } from '.';

/** The targets currently known from a run's updates (later groups with a source replace earlier ones). */
function current(history: TargetGroup[][]): TargetGroup[] {
  const bySource = new Map<string, TargetGroup>();
  for (const update of history) for (const g of update) bySource.set(g.source, g);
  return [...bySource.values()].filter((g) => g.targets.length > 0).sort((a, b) => a.source.localeCompare(b.source));
}

describe('serverset and nerve discovery against a real ZooKeeper', () => {
  let server: ZookeeperServer;
  const runs: MechanismRun[] = [];
  beforeAll(async () => {
    server = await startZookeeper();
    await zk.mkdirp(server.client, '/aurora/prod/web');
    await zk.mkdirp(server.client, '/nerve/services/api/services');
  }, 150_000);
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await server?.stop();
  });

  it('serverset: members become targets with every meta label, and follow changes', async () => {
    await zk.create(server.client, '/aurora/prod/web/member_0000000001', {
      serviceEndpoint: { host: '10.0.0.1', port: 8080 },
      additionalEndpoints: { http: { host: '10.0.0.1', port: 8080 }, 'admin-http': { host: '10.0.0.1', port: 9990 } },
      status: 'ALIVE',
      shard: 3,
    });
    const r = await runMechanism(serversetMechanism, { servers: [server.connect], paths: ['/aurora/prod/web'] });
    runs.push(r);
    await waitFor(() => current(r.history).length === 1);
    expect(current(r.history)).toEqual([
      {
        source: '/aurora/prod/web/member_0000000001',
        labels: {},
        targets: [
          {
            __address__: '10.0.0.1:8080',
            __meta_serverset_path: '/aurora/prod/web/member_0000000001',
            __meta_serverset_endpoint_host: '10.0.0.1',
            __meta_serverset_endpoint_port: '8080',
            __meta_serverset_endpoint_host_http: '10.0.0.1',
            __meta_serverset_endpoint_port_http: '8080',
            __meta_serverset_endpoint_host_admin_http: '10.0.0.1',
            __meta_serverset_endpoint_port_admin_http: '9990',
            __meta_serverset_status: 'ALIVE',
            __meta_serverset_shard: '3',
          },
        ],
      },
    ]);

    // A new member appears, then the first one leaves: the watches pick up both.
    await zk.create(server.client, '/aurora/prod/web/member_0000000002', { serviceEndpoint: { host: '10.0.0.2', port: 8080 }, status: 'ALIVE' });
    await waitFor(() => current(r.history).length === 2);
    await zk.remove(server.client, '/aurora/prod/web/member_0000000001');
    await waitFor(
      () =>
        current(r.history)
          .map((g) => g.targets[0].__address__)
          .join() === '10.0.0.2:8080',
    );

    // Relabeling on the serverset labels.
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_serverset_status'], regex: 'ALIVE', action: 'keep' },
      { source_labels: ['__meta_serverset_shard'], target_label: 'shard' },
    ]);
    expect(populateTargets(current(r.history), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://10.0.0.2:8080/errors', { instance: '10.0.0.2:8080', shard: '0' }],
    ]);
  });

  it('nerve: members become targets; bad data removes a member; changed data updates it', async () => {
    await zk.create(server.client, '/nerve/services/api/services/i-1_api', { host: '10.1.0.1', port: 7777, name: 'api-i-1' });
    const r = await runMechanism(nerveMechanism, { servers: [server.connect], paths: ['/nerve/services/api/services'] });
    runs.push(r);
    await waitFor(() => current(r.history).length === 1);
    expect(current(r.history)[0].targets).toEqual([
      {
        __address__: '10.1.0.1:7777',
        __meta_nerve_path: '/nerve/services/api/services/i-1_api',
        __meta_nerve_endpoint_host: '10.1.0.1',
        __meta_nerve_endpoint_port: '7777',
        __meta_nerve_endpoint_name: 'api-i-1',
      },
    ]);
    await zk.set(server.client, '/nerve/services/api/services/i-1_api', { host: '10.1.0.9', port: 7777, name: 'api-i-1' });
    await waitFor(() => current(r.history)[0]?.targets[0].__address__ === '10.1.0.9:7777');
    await new Promise<void>((res, rej) => server.client.setData('/nerve/services/api/services/i-1_api', Buffer.from('not json'), (e) => (e ? rej(e) : res())));
    await waitFor(() => current(r.history).length === 0);
    expect(r.errors).toEqual([]);
  });

  it('an unreachable ZooKeeper is reported and sends nothing', async () => {
    const r = await runMechanism(nerveMechanism, { servers: ['127.0.0.1:1'], paths: ['/x'], timeout: '1s' });
    runs.push(r);
    expect(r.history).toEqual([]);
    expect(r.errors[0].message).toContain('could not connect to ZooKeeper 127.0.0.1:1');
  });
});

describe('serverset and nerve parsing', () => {
  it.each([
    [serversetMechanism, { paths: ['/a'] }, 'serverset SD config must contain at least one Zookeeper server'],
    [serversetMechanism, { servers: ['zk:2181'] }, 'serverset SD config must contain at least one path'],
    [serversetMechanism, { servers: ['zk:2181'], paths: ['a'] }, "serverset SD config paths must begin with '/': a"],
    [nerveMechanism, { paths: ['/a'] }, 'nerve SD config must contain at least one Zookeeper server'],
    [nerveMechanism, { servers: ['zk:2181'], paths: ['b'] }, "nerve SD config paths must begin with '/': b"],
  ])('%#: %j is refused: %s', (mechanism, raw, message) => {
    expect(() => mechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('defaults timeout to 10s', () => {
    expect(nerveMechanism.parse({ servers: ['zk:2181'], paths: ['/n'] }, { baseDir: '/' })).toEqual({ servers: ['zk:2181'], paths: ['/n'], timeoutMs: 10_000 });
  });
});
