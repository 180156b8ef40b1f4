import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { marathonMechanism } from '.';
import type { MarathonApp } from './marathon-discoverer';

function apps(): MarathonApp[] {
  return [
    {
      id: '/payments',
      labels: { 'prometheus.scrape': 'true' },
      container: {
        docker: { image: 'payments:1' },
        portMappings: [
          { containerPort: 7777, hostPort: 0, labels: { metrics: '/errors' } },
          { containerPort: 9000, hostPort: 31001 },
        ],
      },
      tasks: [{ id: 'payments.task-1', host: 'mesos-agent-1', ports: [31000, 31001], ipAddresses: [{ ipAddress: '172.17.0.2', protocol: 'IPv4' }] }],
    },
    {
      id: '/overlay',
      networks: [{ mode: 'container', name: 'dcos' }],
      container: { portMappings: [{ containerPort: 8080 }] },
      tasks: [{ id: 'overlay.t1', host: 'agent-2', ports: [], ipAddresses: [{ ipAddress: '9.0.0.1', protocol: 'IPv4' }] }],
    },
    { id: '/legacy', portDefinitions: [{ port: 10000, labels: { name: 'http' } }], tasks: [{ id: 'legacy.t1', host: 'agent-3', ports: [31555] }] },
  ];
}

describe('marathon_sd_configs against a fake Marathon', () => {
  let data = apps();
  const fake = new FakeApi((req) => (req.path === '/v2/apps/' && req.query.get('embed') === 'apps.tasks' ? { body: { apps: data } } : undefined));
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
    data = apps();
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(marathonMechanism, { servers: [fake.url], ...extra });
    runs.push(r);
    return r;
  }

  it('one group per app, a target per task port, with every meta label', async () => {
    const r = await run({ auth_token: 'dcos-token' });
    expect(r.errors).toEqual([]);
    expect(r.latest()).toEqual([
      {
        source: '/payments',
        labels: { __meta_marathon_app: '/payments', __meta_marathon_image: 'payments:1', __meta_marathon_app_label_prometheus_scrape: 'true' },
        targets: [
          { __address__: 'mesos-agent-1:31000', __meta_marathon_task: 'payments.task-1', __meta_marathon_port_index: '0', __meta_marathon_port_mapping_label_metrics: '/errors' },
          { __address__: 'mesos-agent-1:31001', __meta_marathon_task: 'payments.task-1', __meta_marathon_port_index: '1' },
        ],
      },
      {
        source: '/overlay',
        labels: { __meta_marathon_app: '/overlay', __meta_marathon_image: '' },
        targets: [{ __address__: '9.0.0.1:8080', __meta_marathon_task: 'overlay.t1', __meta_marathon_port_index: '0' }],
      },
      {
        source: '/legacy',
        labels: { __meta_marathon_app: '/legacy', __meta_marathon_image: '' },
        targets: [{ __address__: 'agent-3:31555', __meta_marathon_task: 'legacy.t1', __meta_marathon_port_index: '0', __meta_marathon_port_definition_label_name: 'http' }],
      },
    ]);
    expect(fake.requests[fake.requests.length - 1].headers.authorization).toBe('token=dcos-token');
  });

  it('relabels on the marathon meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_marathon_app_label_prometheus_scrape'], regex: 'true', action: 'keep' },
      { source_labels: ['__meta_marathon_port_mapping_label_metrics'], regex: '(.+)', action: 'keep' },
      { source_labels: ['__meta_marathon_port_mapping_label_metrics'], target_label: '__metrics_path__' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/x' }).map((t) => t.url)).toEqual(['http://mesos-agent-1:31000/errors']);
  });

  it('keeps the last targets while Marathon fails, then refreshes and removes a vanished app', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (data = data.slice(2)), ['agent-3:31555']);
    expect(r.latest().find((g) => g.source === '/payments')).toEqual({ source: '/payments', targets: [], labels: {} });
    expect(r.errors[0].message).toBe("non 2xx status '500' response during marathon service discovery");
  });
});

describe('marathon_sd_configs parsing', () => {
  it.each([
    [{}, 'marathon_sd: must contain at least one Marathon server'],
    [{ servers: ['http://m'], auth_token: 'a', auth_token_file: 'f' }, 'marathon_sd: at most one of auth_token & auth_token_file must be configured'],
    [{ servers: ['http://m'], auth_token: 'a', authorization: { credentials: 'x' } }, 'marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => marathonMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
