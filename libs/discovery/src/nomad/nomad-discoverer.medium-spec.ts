import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { nomadMechanism } from '.';
import type { NomadServiceRegistration } from './nomad-discoverer';

function registration(name: string, address: string, port: number, tags: string[] = []): NomadServiceRegistration {
  return { ID: `_nomad-task-${name}-${port}`, ServiceName: name, Namespace: 'default', NodeID: 'node-1', Datacenter: 'dc1', Address: address, Port: port, Tags: tags };
}

describe('nomad_sd_configs against a fake Nomad API', () => {
  let services: Record<string, NomadServiceRegistration[]>;
  const fake = new FakeApi((req) => {
    if (req.path === '/v1/services') return { body: [{ Namespace: 'default', Services: Object.keys(services).map((n) => ({ ServiceName: n, Tags: [] })) }] };
    const one = /^\/v1\/service\/(.+)$/.exec(req.path);
    if (one) return { body: services[decodeURIComponent(one[1])] ?? [] };
    return undefined;
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
    services = { web: [registration('web', '10.0.0.1', 7777, ['periskop', 'v2']), registration('web', '10.0.0.2', 7777)], db: [registration('db', '10.0.0.3', 5432)] };
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(nomadMechanism, { server: fake.url, ...extra });
    runs.push(r);
    return r;
  }

  it('lists every service registration with every meta label, asking with namespace, region and stale', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('Nomad');
    expect(group.targets[0]).toEqual({
      __address__: '10.0.0.1:7777',
      __meta_nomad_address: '10.0.0.1',
      __meta_nomad_dc: 'dc1',
      __meta_nomad_node_id: 'node-1',
      __meta_nomad_namespace: 'default',
      __meta_nomad_service_address: '10.0.0.1',
      __meta_nomad_service_id: '_nomad-task-web-7777',
      __meta_nomad_service_port: '7777',
      __meta_nomad_service: 'web',
      __meta_nomad_tags: ',periskop,v2,',
    });
    expect(group.targets.map((t) => t.__address__)).toEqual(['10.0.0.1:7777', '10.0.0.2:7777', '10.0.0.3:5432']);
    expect(group.targets[1].__meta_nomad_tags).toBeUndefined();
    const asked = fake.requests.find((q) => q.path === '/v1/services')!;
    expect([asked.query.get('namespace'), asked.query.get('region'), asked.query.has('stale')]).toEqual(['default', 'global', true]);
  });

  it('relabels on the nomad meta labels', async () => {
    const r = await run({ tag_separator: '|' });
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_nomad_tags'], regex: '.*\\|periskop\\|.*', action: 'keep' },
      { source_labels: ['__meta_nomad_service'], target_label: 'job' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([['http://10.0.0.1:7777/errors', { instance: '10.0.0.1:7777', job: 'web' }]]);
  });

  it('keeps the last targets while Nomad fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => delete services.web, ['10.0.0.3:5432']);
    expect(r.errors[0].message).toContain('HTTP 500');
  });
});

describe('nomad_sd_configs parsing', () => {
  it.each([
    [{ server: ' ' }, 'nomad SD configuration requires a server address'],
    [{ server: 'http://nomad:4646', token: 'x' }, 'field token not found in type nomad.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => nomadMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(nomadMechanism.parse({}, { baseDir: '/' })).toMatchObject({
      server: 'http://localhost:4646',
      namespace: 'default',
      region: 'global',
      allowStale: true,
      tagSeparator: ',',
      refreshIntervalMs: 60_000,
    });
  });
});
