import { createHash } from 'node:crypto';
import { FakeApi } from '../../test/fake-api';
import { expectFailureKeepsTargetsThenRefresh } from '../../test/refresh-contract';
import { MechanismRun, runMechanism } from '../../test/run-mechanism';
import { parseRelabelConfigs } from '../relabel/relabel';
import { populateTargets } from '../service-discovery';
import { ovhcloudMechanism } from '.';
import type { OvhDedicatedServer, OvhVps } from './ovhcloud-discoverer';

const SECRET = 'app-secret';
const CONSUMER = 'consumer-key';

describe('ovhcloud_sd_configs against a fake OVHcloud API (endpoint URL)', () => {
  let vpsIps: string[];
  const vps: OvhVps = {
    name: 'abc',
    displayName: 'abc',
    zone: 'zone',
    cluster: 'cluster_test',
    state: 'running',
    netbootMode: 'local',
    memoryLimit: 2048,
    offerType: 'ssd',
    vcore: 1,
    keymap: [],
    monitoringIpBlocks: [],
    model: { name: 'vps-value-1-2-40', offer: 'VPS abc', version: '2019v1', vcore: 1, disk: 40, memory: 2048, maximumAdditionnalIp: 16, datacenter: [] },
  };
  const server: OvhDedicatedServer = {
    name: 'abcde',
    state: 'test',
    commercialRange: 'Advance-1 Gen 2',
    linkSpeed: 123,
    rack: 'TESTRACK',
    noIntervention: false,
    os: 'debian11_64',
    supportLevel: 'pro',
    serverId: 1234,
    reverse: 'abcde-rev',
    datacenter: 'gra3',
  };
  const badSignatures: string[] = [];
  const fake = new FakeApi((req) => {
    if (req.path === '/1.0/auth/time') return { body: Math.floor(Date.now() / 1000) };
    // Check the signature the way OVHcloud does.
    const url = `${fake.url}${req.path}`;
    const expected = `$1$${createHash('sha1').update([SECRET, CONSUMER, 'GET', url, '', req.headers['x-ovh-timestamp']].join('+')).digest('hex')}`;
    if (req.headers['x-ovh-signature'] !== expected || req.headers['x-ovh-application'] !== 'app-key' || req.headers['x-ovh-consumer'] !== CONSUMER) {
      badSignatures.push(req.path);
      return { status: 403, body: { message: 'Invalid signature' } };
    }
    if (req.path === '/1.0/vps') return { body: ['abc'] };
    if (req.path === '/1.0/vps/abc') return { body: vps };
    if (req.path === '/1.0/vps/abc/ips') return { body: vpsIps };
    if (req.path === '/1.0/dedicated/server') return { body: ['abcde'] };
    if (req.path === '/1.0/dedicated/server/abcde') return { body: server };
    if (req.path === '/1.0/dedicated/server/abcde/ips') return { body: ['1.2.3.4/32', '2001:0db8:0000:0000:0000:0000:0000:0080/64'] };
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
    vpsIps = ['192.0.2.1/32', '2001:db8::1'];
  });

  async function run(service: string, extra: Record<string, unknown> = {}) {
    const r = await runMechanism(ovhcloudMechanism, { endpoint: `${fake.url}/1.0`, application_key: 'app-key', application_secret: SECRET, consumer_key: CONSUMER, service, ...extra });
    runs.push(r);
    return r;
  }

  it('service vps: signed requests, every label', async () => {
    const r = await run('vps');
    expect(r.errors).toEqual([]);
    expect(badSignatures).toEqual([]);
    expect(r.latest()).toEqual([
      {
        source: 'ovhcloud_vps',
        labels: {},
        targets: [
          {
            __address__: '192.0.2.1',
            instance: 'abc',
            __meta_ovhcloud_vps_offer: 'VPS abc',
            __meta_ovhcloud_vps_datacenter: '[]',
            __meta_ovhcloud_vps_maximum_additional_ip: '16',
            __meta_ovhcloud_vps_version: '2019v1',
            __meta_ovhcloud_vps_disk: '40',
            __meta_ovhcloud_vps_memory: '2048',
            __meta_ovhcloud_vps_zone: 'zone',
            __meta_ovhcloud_vps_display_name: 'abc',
            __meta_ovhcloud_vps_cluster: 'cluster_test',
            __meta_ovhcloud_vps_state: 'running',
            __meta_ovhcloud_vps_name: 'abc',
            __meta_ovhcloud_vps_netboot_mode: 'local',
            __meta_ovhcloud_vps_memory_limit: '2048',
            __meta_ovhcloud_vps_offer_type: 'ssd',
            __meta_ovhcloud_vps_vcore: '1',
            __meta_ovhcloud_vps_keymap: '[]',
            __meta_ovhcloud_vps_monitoring_ip_blocks: '[]',
            __meta_ovhcloud_vps_ipv4: '192.0.2.1',
            __meta_ovhcloud_vps_ipv6: '2001:db8::1',
          },
        ],
      },
    ]);
  });

  it('service dedicated_server: every label; a /64 prefix is not an address', async () => {
    const r = await run('dedicated_server');
    expect(r.latest()[0].targets).toEqual([
      {
        __address__: '1.2.3.4',
        instance: 'abcde',
        __meta_ovhcloud_dedicated_server_state: 'test',
        __meta_ovhcloud_dedicated_server_commercial_range: 'Advance-1 Gen 2',
        __meta_ovhcloud_dedicated_server_link_speed: '123',
        __meta_ovhcloud_dedicated_server_rack: 'TESTRACK',
        __meta_ovhcloud_dedicated_server_no_intervention: 'false',
        __meta_ovhcloud_dedicated_server_os: 'debian11_64',
        __meta_ovhcloud_dedicated_server_support_level: 'pro',
        __meta_ovhcloud_dedicated_server_server_id: '1234',
        __meta_ovhcloud_dedicated_server_reverse: 'abcde-rev',
        __meta_ovhcloud_dedicated_server_datacenter: 'gra3',
        __meta_ovhcloud_dedicated_server_name: 'abcde',
        __meta_ovhcloud_dedicated_server_ipv4: '1.2.3.4',
        __meta_ovhcloud_dedicated_server_ipv6: '',
      },
    ]);
  });

  it('relabels on the ovhcloud meta labels', async () => {
    const r = await run('vps');
    const relabelConfigs = parseRelabelConfigs([{ source_labels: ['__meta_ovhcloud_vps_ipv4'], target_label: '__address__', replacement: '$1:9100' }]);
    expect(populateTargets(r.latest(), { relabelConfigs, endpoint: '/errors' }).map((t) => [t.url, t.labels])).toEqual([['http://192.0.2.1:9100/errors', { instance: 'abc' }]]);
  });

  it('keeps the last targets while the API fails, then refreshes', async () => {
    const r = await run('vps', { refresh_interval: '50ms' });
    await expectFailureKeepsTargetsThenRefresh(r, fake, () => (vpsIps = ['192.0.2.9/32']), ['192.0.2.9']);
  });
});

describe('ovhcloud_sd_configs parsing', () => {
  const ok = { application_key: 'k', application_secret: 's', consumer_key: 'c', service: 'vps' };
  it.each([
    [{ ...ok, endpoint: '' }, 'endpoint can not be empty'],
    [{ ...ok, application_key: '' }, 'application key can not be empty'],
    [{ ...ok, application_secret: '' }, 'application secret can not be empty'],
    [{ ...ok, consumer_key: '' }, 'consumer key can not be empty'],
    [{ ...ok, service: 'cloud' }, 'unknown service: cloud'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => ovhcloudMechanism.parse(raw, { baseDir: '/' })).toThrow(message);
  });

  it('resolves endpoint names as OVHcloud clients do', () => {
    expect(ovhcloudMechanism.parse(ok, { baseDir: '/' })).toMatchObject({ endpoint: 'https://eu.api.ovh.com/1.0', refreshIntervalMs: 60_000 });
  });
});
