import { XMLParser } from 'fast-xml-parser';
import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { uyuniMechanism } from '.';
import { decodeResponse, encodeCall, RpcValue } from './xml-rpc';

/** Answers as Uyuni's XML-RPC API does: a methodResponse document, or a fault. */
function respond(value: RpcValue): string {
  // The same encoder as a call, wrapped as a response: a faithful XML-RPC value encoding.
  const call = encodeCall('x', [value]);
  const params = call.slice(call.indexOf('<params>'), call.indexOf('</methodCall>'));
  return `<?xml version="1.0"?><methodResponse>${params}</methodResponse>`;
}

function fault(code: number, message: string): string {
  return `<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>${code}</int></value></member><member><name>faultString</name><value><string>${message}</string></value></member></struct></value></fault></methodResponse>`;
}

const methodOf = (body: string) => String((new XMLParser().parse(body) as { methodCall: { methodName: string } }).methodCall.methodName);

describe('uyuni_sd_configs against a fake Uyuni XML-RPC API', () => {
  let port = 9100;
  const logins: string[] = [];
  const fake = new FakeApi((req) => {
    if (req.path !== '/rpc/api') return undefined;
    const method = methodOf(req.body);
    const xml = { 'Content-Type': 'text/xml' };
    if (method === 'auth.login') {
      logins.push(req.body);
      return req.body.includes('<string>wrong</string>') ? { headers: xml, body: fault(2950, 'Either the password or username is incorrect.') } : { headers: xml, body: respond('session-token') };
    }
    if (!req.body.includes('<string>session-token</string>')) return { headers: xml, body: fault(2950, 'Could not find session') };
    if (method === 'system.listSystemGroupsForSystemsWithEntitlement') {
      return {
        headers: xml,
        body: respond([
          {
            id: 1000010000,
            system_groups: [
              { id: 1, name: 'prod' },
              { id: 2, name: 'web' },
            ],
          },
        ]),
      };
    }
    if (method === 'system.monitoring.listEndpoints') {
      return {
        headers: xml,
        body: respond([
          { system_id: 1000010000, endpoint_name: 'node_exporter', port, path: '/metrics', module: '', exporter_name: 'node_exporter', tls_enabled: false },
          { system_id: 1000010000, endpoint_name: 'postgres', port: 9187, path: '/metrics', module: 'postgres', exporter_name: 'postgres_exporter', tls_enabled: true },
        ]),
      };
    }
    if (method === 'system.getNetworkForSystems')
      return { headers: xml, body: respond([{ system_id: 1000010000, hostname: 'minion1.example.com', primary_fqdn: 'minion1.example.com', ip: '10.0.0.5' }]) };
    return { headers: xml, body: fault(-1, `no method ${method}`) };
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
    port = 9100;
  });

  async function run(extra: Record<string, unknown> = {}) {
    const r = await runMechanism(uyuniMechanism, { server: fake.url, username: 'admin', password: 'secret', ...extra });
    runs.push(r);
    return r;
  }

  it('logs in, then lists every monitoring endpoint with every meta label', async () => {
    const r = await run();
    expect(r.errors).toEqual([]);
    const [group] = r.latest();
    expect(group.source).toBe(`${fake.url}/rpc/api`);
    expect(group.targets).toEqual([
      {
        __address__: 'minion1.example.com:9100',
        __meta_uyuni_minion_hostname: 'minion1.example.com',
        __meta_uyuni_primary_fqdn: 'minion1.example.com',
        __meta_uyuni_system_id: '1000010000',
        __meta_uyuni_groups: 'prod,web',
        __meta_uyuni_endpoint_name: 'node_exporter',
        __meta_uyuni_exporter: 'node_exporter',
        __meta_uyuni_proxy_module: '',
        __meta_uyuni_metrics_path: '/metrics',
        __meta_uyuni_scheme: 'http',
      },
      expect.objectContaining({ __address__: 'minion1.example.com:9187', __meta_uyuni_scheme: 'https', __meta_uyuni_proxy_module: 'postgres' }),
    ]);
    expect(logins[logins.length - 1]).toContain('<int>600</int>');
  });

  it('relabels on the uyuni meta labels', async () => {
    const r = await run();
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_uyuni_exporter'], regex: 'node_exporter', action: 'keep' },
      { source_labels: ['__meta_uyuni_scheme'], target_label: '__scheme__' },
      { source_labels: ['__meta_uyuni_groups'], target_label: 'groups' },
    ]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([
      ['http://minion1.example.com:9100/errors', { groups: 'prod,web', instance: 'minion1.example.com:9100' }],
    ]);
  });

  it("a failed login is an error naming Uyuni's message", async () => {
    const r = await run({ password: 'wrong' });
    expect(r.history).toEqual([]);
    expect(r.errors[0].message).toBe('unable to login to Uyuni API: XML-RPC fault 2950: Either the password or username is incorrect.');
  });

  it('keeps the last targets while Uyuni fails, then refreshes', async () => {
    const r = await run({ refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (port = 9200), ['minion1.example.com:9187', 'minion1.example.com:9200']);
  });

  it('decodes XML-RPC values: untyped strings, booleans, empty arrays', () => {
    expect(
      decodeResponse(
        '<methodResponse><params><param><value><struct><member><name>a</name><value>plain</value></member><member><name>b</name><value><boolean>1</boolean></value></member><member><name>c</name><value><array><data></data></array></value></member></struct></value></param></params></methodResponse>',
      ),
    ).toEqual({ a: 'plain', b: true, c: [] });
  });
});

describe('uyuni_sd_configs parsing', () => {
  it.each([
    [{ username: 'u', password: 'p' }, 'Uyuni SD configuration requires server host'],
    [{ server: 'https://uyuni', password: 'p' }, 'Uyuni SD configuration requires a username'],
    [{ server: 'https://uyuni', username: 'u' }, 'Uyuni SD configuration requires a password'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => uyuniMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('has Prometheus defaults', () => {
    expect(uyuniMechanism.parse({ server: 'https://uyuni', username: 'u', password: 'p' }, { baseDir: '/' })).toMatchObject({
      entitlement: 'monitoring_entitled',
      separator: ',',
      refreshIntervalMs: 60_000,
    });
  });
});
