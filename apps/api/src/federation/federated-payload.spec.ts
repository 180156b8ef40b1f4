import { AggregateMeta, federatedTargetUuid } from '@periskop/store';
import { normalizePayload } from '@periskop/wire';
import { toFederatedPayload } from './federated-payload';

const meta = (overrides: Partial<AggregateMeta>): AggregateMeta => ({
  c: 0,
  s: 'error',
  ca: 0,
  fs: 0,
  ls: 0,
  lc: '',
  lm: '',
  r: 0,
  rl: 0,
  rc: 0,
  rn: 0,
  rg: 0,
  ...overrides,
});
const sample = (uuid: string, seconds: number) =>
  JSON.stringify({ error: { class: 'E', message: 'm', stacktrace: ['at x'], cause: null }, uuid, timestamp: seconds, severity: 'error', http_context: null });

describe('toFederatedPayload', () => {
  const created = Date.UTC(2026, 0, 2, 3, 4, 5);
  const payload = toFederatedPayload(
    'uuid-1',
    [
      { key: 'b@resolved', meta: meta({ c: 9, rc: 9, r: created + 1000, rn: 1, ca: created, s: 'warning' }) },
      { key: 'a@active', meta: meta({ c: 4, fs: created }) },
    ],
    new Map([['a@active', [sample('o2', 1_767_323_100), sample('o1', 1_767_323_000)]]]),
  );

  it('exports lifetime counts, resolved keys included, with RFC 3339 times', () => {
    expect(payload.target_uuid).toBe('uuid-1');
    expect(payload.aggregated_errors!.map((a) => [a.aggregation_key, a.total_count, a.severity, a.created_at])).toEqual([
      ['a@active', 4, 'error', '2026-01-02T03:04:05.000Z'],
      ['b@resolved', 9, 'warning', '2026-01-02T03:04:05.000Z'],
    ]);
    expect(payload.aggregated_errors![0].latest_errors!.map((o) => [o.uuid, o.timestamp])).toEqual([
      ['o2', new Date(1_767_323_100_000).toISOString()],
      ['o1', new Date(1_767_323_000_000).toISOString()],
    ]);
    expect(payload.aggregated_errors![1].latest_errors).toEqual([]);
  });

  it('is read back by the scraper unchanged', () => {
    const normalized = normalizePayload(JSON.stringify(payload), Date.now());
    expect(normalized.refused).toEqual([]);
    expect(normalized.targetUuid).toBe('uuid-1');
    expect(normalized.aggregates.map((a) => [a.key, a.totalCount, a.createdAtMs, a.occurrences.map((o) => [o.uuid, o.timestampMs])])).toEqual([
      [
        'a@active',
        4,
        created,
        [
          ['o2', 1_767_323_100_000],
          ['o1', 1_767_323_000_000],
        ],
      ],
      ['b@resolved', 9, created, []],
    ]);
  });
});

describe('federatedTargetUuid', () => {
  it('is the same for the same cluster and service, and differs otherwise', () => {
    expect(federatedTargetUuid('c1', 'checkout')).toBe(federatedTargetUuid('c1', 'checkout'));
    expect(federatedTargetUuid('c1', 'checkout')).not.toBe(federatedTargetUuid('c2', 'checkout'));
    expect(federatedTargetUuid('c1', 'checkout')).not.toBe(federatedTargetUuid('c1', 'cart'));
    expect(federatedTargetUuid('c1', 'checkout')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
