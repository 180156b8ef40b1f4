import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { puppetDbMechanism } from '.';
import type { PuppetResource } from './puppetdb-discoverer';

function resources(): PuppetResource[] {
  return [
    {
      certname: 'edinburgh.example.com',
      resource: '49af83866dc5a1518968b68e58a25319107afe11',
      type: 'Class',
      title: 'Apache',
      exported: false,
      tags: ['roles::hypervisor', 'apache', 'class'],
      file: '/etc/puppetlabs/code/environments/prod/modules/upstream/apache/manifests/init.pp',
      environment: 'prod',
      parameters: { port: 80, enabled: true, alias: ['a', 'b'], labels: { team: 'web' }, empty: [], secret: 'not-a-label-by-default' },
    },
  ];
}

describe('puppetdb_sd_configs against a fake PuppetDB', () => {
  let data = resources();
  const fake = new FakeApi((req) => (req.method === 'POST' && req.path === '/pdb/query/v4' ? { body: data } : undefined));
  const runs: MechanismRun[] = [];
  const query = 'resources { type = "Class" and title = "Apache" }';
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    for (const r of runs) await r.stop();
    await fake.close();
  });
  beforeEach(() => {
    fake.failing = false;
    data = resources();
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(puppetDbMechanism, { url: fake.url, query, port: 9100, ...extra });
    runs.push(r);
    return r;
  }

  it('POSTs the query and lists one target per resource with every meta label', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe(`${fake.url}/pdb/query/v4?query=${query}`);
    expect(group.targets).toEqual([
      {
        __address__: 'edinburgh.example.com:9100',
        __meta_puppetdb_query: query,
        __meta_puppetdb_certname: 'edinburgh.example.com',
        __meta_puppetdb_resource: '49af83866dc5a1518968b68e58a25319107afe11',
        __meta_puppetdb_type: 'Class',
        __meta_puppetdb_title: 'Apache',
        __meta_puppetdb_exported: 'false',
        __meta_puppetdb_tags: ',roles::hypervisor,apache,class,',
        __meta_puppetdb_file: '/etc/puppetlabs/code/environments/prod/modules/upstream/apache/manifests/init.pp',
        __meta_puppetdb_environment: 'prod',
      },
    ]);
    const asked = fake.requests[fake.requests.length - 1];
    expect(JSON.parse(asked.body)).toEqual({ query });
    expect(asked.headers['content-type']).toBe('application/json');
  });

  it('adds parameters only with include_parameters', async () => {
    const r = await run({ include_parameters: true });
    expect(r.latest()[0].targets[0]).toMatchObject({
      __meta_puppetdb_parameter_port: '80',
      __meta_puppetdb_parameter_enabled: 'true',
      __meta_puppetdb_parameter_alias: 'a,b',
      __meta_puppetdb_parameter_labels_team: 'web',
    });
    expect(r.latest()[0].targets[0].__meta_puppetdb_parameter_empty).toBeUndefined();
  });

  it('relabels on the puppetdb meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_puppetdb_tags'], regex: '.*,apache,.*', action: 'keep' },
      { source_labels: ['__meta_puppetdb_environment'], target_label: 'env' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://edinburgh.example.com:9100/errors', { env: 'prod', instance: 'edinburgh.example.com:9100' }],
    ]);
  });

  it('keeps the last targets while PuppetDB fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (data[0].certname = 'glasgow.example.com'), ['glasgow.example.com:9100']);
    expect(r.errors[0].message).toContain('server returned HTTP status 500');
  });
});

describe('puppetdb_sd_configs parsing', () => {
  it.each([
    [{ query: 'x' }, 'URL is missing'],
    [{ url: 'ftp://p', query: 'x' }, "URL scheme must be 'http' or 'https'"],
    [{ url: 'http://p' }, 'query missing'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => puppetDbMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });
});
