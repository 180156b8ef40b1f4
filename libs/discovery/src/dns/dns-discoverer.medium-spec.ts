import { startFakeDnsServer, FakeDnsServer } from '../../test/fake-dns-server';
import { waitFor } from '../../test/wait-for';
import type { TargetGroup } from '../target-group';
import { createDnsDiscoverer } from './dns-discoverer';
import { parseDnsSdConfig } from './dns-sd-config';

describe('dns_sd_configs against a real DNS server', () => {
  let dns: FakeDnsServer;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    dns = await startFakeDnsServer();
    dns.zone.set('SRV _errors._tcp.svc.test', [
      { priority: 10, weight: 5, port: 7777, target: 'db1.svc.test' },
      { priority: 10, weight: 5, port: 7778, target: 'db2.svc.test' },
    ]);
    dns.zone.set('A web.svc.test', [{ address: '10.0.0.1' }, { address: '10.0.0.2' }]);
    dns.zone.set('AAAA web.svc.test', [{ address: '::1' }]);
    dns.zone.set('MX mail.svc.test', [{ exchange: 'mx1.svc.test', priority: 10 }]);
    dns.zone.set('NS zone.svc.test', [{ ns: 'ns1.svc.test' }]);
    dns.zone.set('A empty.svc.test', []);
  });

  afterAll(async () => {
    for (const stop of stops) await stop();
    await dns.close();
  });

  async function discover(raw: Record<string, unknown>, errors: Error[] = []): Promise<{ groups: TargetGroup[][] }> {
    const history: TargetGroup[][] = [];
    const discoverer = createDnsDiscoverer(parseDnsSdConfig(raw), { dnsServers: [dns.address], onError: (_m, e) => errors.push(e) });
    stops.push(() => discoverer.stop());
    await discoverer.start((g) => history.push(g));
    return { groups: history };
  }

  const blank = { __meta_dns_srv_record_target: '', __meta_dns_srv_record_port: '', __meta_dns_mx_record_target: '', __meta_dns_ns_record_target: '' };

  it('SRV: address from target and port, trailing-dot target label', async () => {
    const { groups } = await discover({ names: ['_errors._tcp.svc.test'] });
    expect(groups[0]).toEqual([
      {
        source: '_errors._tcp.svc.test',
        labels: {},
        targets: [
          { ...blank, __address__: 'db1.svc.test:7777', __meta_dns_name: '_errors._tcp.svc.test', __meta_dns_srv_record_target: 'db1.svc.test.', __meta_dns_srv_record_port: '7777' },
          { ...blank, __address__: 'db2.svc.test:7778', __meta_dns_name: '_errors._tcp.svc.test', __meta_dns_srv_record_target: 'db2.svc.test.', __meta_dns_srv_record_port: '7778' },
        ],
      },
    ]);
  });

  it('A and AAAA use the configured port; IPv6 is bracketed; the name label is verbatim', async () => {
    const a = await discover({ names: ['web.svc.test.'], type: 'a', port: 9100 });
    expect(a.groups[0][0].targets.map((t) => t.__address__)).toEqual(['10.0.0.1:9100', '10.0.0.2:9100']);
    expect(a.groups[0][0].targets[0].__meta_dns_name).toBe('web.svc.test.');
    expect(a.groups[0][0].source).toBe('web.svc.test.');
    const aaaa = await discover({ names: ['web.svc.test'], type: 'AAAA', port: 80 });
    expect(aaaa.groups[0][0].targets).toEqual([{ ...blank, __address__: '[::1]:80', __meta_dns_name: 'web.svc.test' }]);
  });

  it('MX and NS targets keep the trailing dot in their labels', async () => {
    const mx = await discover({ names: ['mail.svc.test'], type: 'MX', port: 25 });
    expect(mx.groups[0][0].targets).toEqual([{ ...blank, __address__: 'mx1.svc.test:25', __meta_dns_name: 'mail.svc.test', __meta_dns_mx_record_target: 'mx1.svc.test.' }]);
    const ns = await discover({ names: ['zone.svc.test'], type: 'NS', port: 53 });
    expect(ns.groups[0][0].targets).toEqual([{ ...blank, __address__: 'ns1.svc.test:53', __meta_dns_name: 'zone.svc.test', __meta_dns_ns_record_target: 'ns1.svc.test.' }]);
  });

  it('NXDOMAIN and an empty answer give an empty group, not an error', async () => {
    const errors: Error[] = [];
    const { groups } = await discover({ names: ['nothing.svc.test', 'empty.svc.test'], type: 'A', port: 1 }, errors);
    expect(groups[0]).toEqual([
      { source: 'nothing.svc.test', labels: {}, targets: [] },
      { source: 'empty.svc.test', labels: {}, targets: [] },
    ]);
    expect(errors).toEqual([]);
  });

  it('re-resolves every refresh_interval and keeps the last targets while the server fails', async () => {
    dns.zone.set('A flaky.svc.test', [{ address: '10.1.0.1' }]);
    const errors: Error[] = [];
    const { groups } = await discover({ names: ['flaky.svc.test'], type: 'A', port: 80, refresh_interval: '50ms' }, errors);
    expect(groups[0][0].targets.map((t) => t.__address__)).toEqual(['10.1.0.1:80']);

    dns.zone.set('A flaky.svc.test', [{ address: '10.1.0.2' }]);
    await waitFor(() => groups.some((g) => g[0]?.targets[0]?.__address__ === '10.1.0.2:80'));

    dns.failing.add('flaky.svc.test');
    await waitFor(() => errors.length > 0, 8000);
    const afterFailure = groups.length;
    await waitFor(() => errors.length > 1, 8000);
    // A failed lookup sends nothing, so consumers keep the previous targets.
    expect(groups.length).toBe(afterFailure);
    expect(groups[groups.length - 1][0].targets.map((t) => t.__address__)).toEqual(['10.1.0.2:80']);
    expect(errors[0].message).toContain('flaky.svc.test');
    dns.failing.delete('flaky.svc.test');
  });
});
