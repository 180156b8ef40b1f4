import { parseRelabelConfigs } from './relabel/relabel';
import { populateTargets, populateTargetsDetailed } from './service-discovery';
import type { TargetGroup } from './target-group';

const group = (targets: Array<Record<string, string>>, labels: Record<string, string> = {}, source = 's'): TargetGroup => ({ source, targets, labels });

describe('populateTargets', () => {
  it('merges group labels under target labels, defaults scheme/path, strips __meta_, defaults instance', () => {
    const [t] = populateTargets([group([{ __address__: 'a:1', env: 'target', __meta_x: 'm' }], { env: 'group', team: 't' })], { relabelConfigs: [], endpoint: '/errors' });
    expect(t).toEqual({
      scheme: 'http',
      address: 'a:1',
      metricsPath: '/errors',
      query: '',
      url: 'http://a:1/errors',
      labels: { env: 'target', instance: 'a:1', team: 't' },
      discoveredLabels: { __address__: 'a:1', __meta_x: 'm', __metrics_path__: '/errors', __scheme__: 'http', env: 'target', team: 't' },
    });
  });

  it('honours per-target __scheme__, __metrics_path__ and __param_* in the URL', () => {
    const [t] = populateTargets([group([{ __address__: 'a:1', __scheme__: 'https', __metrics_path__: '/x', __param_b: '2 3', __param_a: '1' }])], { relabelConfigs: [], endpoint: '/errors' });
    expect(t.url).toBe('https://a:1/x?a=1&b=2+3');
    // Consumers read the parts; none parses the URL back.
    expect([t.scheme, t.address, t.metricsPath, t.query]).toEqual(['https', 'a:1', '/x', 'a=1&b=2+3']);
  });

  it('relabels using __meta_ labels, then drops them; relabeled instance wins', () => {
    const relabelConfigs = parseRelabelConfigs([
      { source_labels: ['__meta_dns_name'], target_label: 'instance' },
      { source_labels: ['__meta_zone'], regex: 'b', action: 'drop' },
      { source_labels: ['__address__'], regex: '(.*):1', target_label: '__address__', replacement: '$1:9' },
    ]);
    const out = populateTargetsDetailed(
      [
        group([
          { __address__: 'h1:1', __meta_dns_name: 'svc', __meta_zone: 'a' },
          { __address__: 'h2:1', __meta_zone: 'b' },
        ]),
      ],
      { relabelConfigs, endpoint: '/errors' },
    );
    expect(out.active.map((t) => [t.url, t.labels])).toEqual([['http://h1:9/errors', { instance: 'svc' }]]);
    expect(out.dropped).toEqual([{ reason: 'dropped by relabeling', discoveredLabels: expect.objectContaining({ __address__: 'h2:1' }) }]);
  });

  it('drops targets without a usable address, with a reason', () => {
    const out = populateTargetsDetailed([group([{ env: 'x' }, { __address__: 'a/b' }])], { relabelConfigs: [], endpoint: '/e' });
    expect(out.active).toEqual([]);
    expect(out.dropped.map((d) => d.reason)).toEqual(['no address', '"a/b" is not a valid hostname']);
  });

  it('dedupes identical targets across groups but keeps same URL with different labels', () => {
    const out = populateTargets([group([{ __address__: 'a:1' }], {}, 'x'), group([{ __address__: 'a:1' }], {}, 'y'), group([{ __address__: 'a:1' }], { env: 'b' }, 'z')], {
      relabelConfigs: [],
      endpoint: '/e',
    });
    expect(out.map((t) => t.labels)).toEqual([{ instance: 'a:1' }, { env: 'b', instance: 'a:1' }]);
  });

  it('uses the service endpoint as the default path and an explicit empty label as absent', () => {
    const [t] = populateTargets([group([{ __address__: 'a:1', __metrics_path__: '' }])], { relabelConfigs: [], endpoint: '/custom' });
    expect(t.url).toBe('http://a:1/custom');
  });
});
