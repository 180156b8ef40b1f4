import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { waitFor } from '../../test/wait-for';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { kumaMechanism } from '.';
import { KUMA_MADS_TYPE_URL, MonitoringAssignment } from './kuma-discoverer';

describe('kuma_sd_configs against a fake Kuma control plane (MADS over xDS REST-JSON)', () => {
  let assignments: MonitoringAssignment[];
  let version = 1;
  const fake = new FakeApi((req) => {
    if (req.method !== 'POST' || req.path !== '/v3/discovery:monitoringassignments') return undefined;
    const asked = JSON.parse(req.body) as { versionInfo: string };
    // An unchanged view answers 304, as the xDS REST protocol allows.
    if (asked.versionInfo === String(version)) return { status: 304, body: '' };
    return { body: { versionInfo: String(version), nonce: `n${version}`, typeUrl: KUMA_MADS_TYPE_URL, resources: assignments.map((a) => ({ '@type': KUMA_MADS_TYPE_URL, ...a })) } };
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
    version++;
    assignments = [
      {
        mesh: 'metrics',
        service: 'prometheus',
        labels: { commonLabel: 'serviceLabel' },
        targets: [{ name: 'prometheus-01', scheme: 'http', address: '10.1.4.32:9090', metricsPath: '/custom-metrics', labels: { 'kuma.io/zone': 'us-east-1', team: 'infra' } }],
      },
      { mesh: 'data', service: 'elasticsearch', targets: [{ name: 'elasticsearch-01', scheme: 'https', address: '10.1.1.1:9200', metricsPath: '/metrics' }] },
    ];
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(kumaMechanism, { server: fake.url, client_id: 'periskop-test', ...extra });
    runs.push(r);
    return r;
  }

  it('every assignment target with every meta label, its own scheme, path and instance', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe('kuma');
    expect(group.targets[0]).toEqual({
      __address__: '10.1.4.32:9090',
      __scheme__: 'http',
      __metrics_path__: '/custom-metrics',
      instance: 'prometheus-01',
      __meta_kuma_mesh: 'metrics',
      __meta_kuma_service: 'prometheus',
      __meta_kuma_dataplane: 'prometheus-01',
      __meta_kuma_label_commonLabel: 'serviceLabel',
      __meta_kuma_label_kuma_io_zone: 'us-east-1',
      __meta_kuma_label_team: 'infra',
    });
    const asked = JSON.parse(fake.requests[fake.requests.length - 1].body);
    expect(asked).toMatchObject({ versionInfo: '', node: { id: 'periskop-test' }, typeUrl: KUMA_MADS_TYPE_URL, responseNonce: '' });
    expect(fake.requests[fake.requests.length - 1].query.get('fetch-timeout')).toBe('2m');
  });

  it('sends the last version and nonce back; an unchanged view (304) keeps the targets', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await waitFor(() => fake.requests.some((q) => JSON.parse(q.body).responseNonce === `n${version}`));
    expect(r.history).toHaveLength(1);
  });

  it('relabels on the kuma meta labels; the target keeps its scheme and path', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([{ source_labels: ['__meta_kuma_mesh'], regex: 'data', action: 'keep' }]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([['https://10.1.1.1:9200/metrics', { instance: 'elasticsearch-01' }]]);
  });

  it('keeps the last targets while the control plane fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (assignments.shift(), version++), ['10.1.1.1:9200']);
    expect(r.errors[0].message).toBe("non 200 status '500' response during xDS fetch");
  });
});

describe('kuma_sd_configs parsing', () => {
  it.each([
    [{}, 'kuma SD server must not be empty: '],
    [{ server: 'kuma:5676' }, 'kuma SD server must not be empty and have a scheme: kuma:5676'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => kumaMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
