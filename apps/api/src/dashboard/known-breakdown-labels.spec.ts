import type { TargetView } from '@periskop/wire';
import { KNOWN_VALUES_PER_LABEL, knownBreakdownLabels } from './known-breakdown-labels';

const target = (labels: Record<string, string>): TargetView =>
  ({
    endpoint: 'http://x/errors',
    url: 'http://x/errors',
    labels,
    discovered_labels: {},
    health: { status: 'up', last_scrape: null, last_error: null, duration_ms: null, target_uuid: null },
  }) as unknown as TargetView;

describe('known breakdown labels', () => {
  it('lists, per configured label in config order, the values of the targets, most targets first', () => {
    const targets = [target({ version: '1.0', zone: 'eu' }), target({ version: '2.0', zone: 'eu' }), target({ version: '2.0' }), target({ pod: 'a' })];
    const known = knownBreakdownLabels(targets, ['zone', 'version', 'cluster']);
    expect(Object.keys(known)).toEqual(['zone', 'version', 'cluster']);
    expect(known).toEqual({
      zone: [{ value: 'eu', targets: 2 }],
      version: [
        { value: '2.0', targets: 2 },
        { value: '1.0', targets: 1 },
      ],
      cluster: [],
    });
  });

  it('keeps at most a handful of values per label', () => {
    const targets = Array.from({ length: 25 }, (_, i) => target({ pod: `pod-${i}` }));
    expect(knownBreakdownLabels(targets, ['pod']).pod).toHaveLength(KNOWN_VALUES_PER_LABEL);
    expect(knownBreakdownLabels(targets, [])).toEqual({});
  });
});
