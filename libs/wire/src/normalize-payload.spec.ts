import { CLIENT_FIXTURES, FIXTURE_FETCHED_AT_MS } from '../../../test/fixtures/client-payloads';
import { DEFAULT_PAYLOAD_LIMITS, normalizePayload, PayloadError } from '@periskop/wire';

const iso = (ms: number) => new Date(ms).toISOString();

describe('normalizePayload: every official client format', () => {
  it.each(CLIENT_FIXTURES.map((f) => [f.client, f] as const))('%s', (_client, fixture) => {
    const result = normalizePayload(JSON.stringify(fixture.body), FIXTURE_FETCHED_AT_MS);
    expect(result.targetUuid).toBe(fixture.expected.targetUuid);
    expect(
      result.aggregates.map((a) => ({
        key: a.key,
        totalCount: a.totalCount,
        severity: a.severity,
        createdAt: iso(a.createdAtMs),
        uuids: a.occurrences.map((o) => o.uuid),
      })),
    ).toEqual(fixture.expected.aggregates.map(({ newest: _newest, ...rest }) => rest));
    fixture.expected.aggregates.forEach((expected, i) => {
      if (expected.newest) expect(iso(result.aggregates[i].occurrences[0].timestampMs)).toBe(expected.newest);
    });
    expect(result.refused).toHaveLength(fixture.expected.refused);
  });
});

describe('normalizePayload: occurrences in the API shape', () => {
  const [go, , scala, ruby, old, gateway] = CLIENT_FIXTURES;
  const occurrence = (body: unknown, a = 0, o = 0) => JSON.parse(normalizePayload(body, 0).aggregates[a].occurrences[o].json);

  it('writes Unix seconds, null message as "", keeps headers and turns a null body into ""', () => {
    expect(occurrence(go.body, 0, 1)).toEqual({
      error: { class: '*errors.errorString', message: 'divisin by zero', stacktrace: ['/app/main.go:12', '\tmain.divide: return a / b'], cause: null },
      uuid: '5d2c4b1a-0000-4000-8000-000000000001',
      timestamp: 1630677495,
      severity: 'warning',
      http_context: { request_method: 'GET', request_url: 'http://svc/divide', request_headers: { Accept: '*/*' }, request_body: '' },
    });
  });

  it('keeps the whole cause chain and fills a message-only error', () => {
    const chained = occurrence(scala.body);
    expect(chained.error.message).toBe('');
    expect(chained.error.cause).toEqual({ class: 'java.io.IOException', message: 'broken pipe', stacktrace: ['io.read(IO.java:9)'], cause: null });
    expect(occurrence(scala.body, 1).error).toEqual({ class: '', message: 'warm-up done', stacktrace: null, cause: null });
  });

  it('turns Rack env names into header names and stringifies values', () => {
    expect(occurrence(ruby.body).http_context.request_headers).toEqual({ Accept: 'text/html', 'Content-Type': 'text/plain', 'Content-Length': '0', 'X-Request-Id': 'abc' });
  });

  it('reads a cause written as a string', () => {
    expect(occurrence(old.body).error.cause).toEqual({ class: '', message: '#<IOError: closed stream>', stacktrace: null, cause: null });
  });

  it("keeps the pushgateway's empty http_context as it is", () => {
    expect(occurrence(gateway.body).http_context).toEqual({ request_method: '', request_url: '', request_headers: null, request_body: '' });
  });

  it('searches class, message and stack trace of the whole chain', () => {
    const o = normalizePayload(scala.body, 0).aggregates[0].occurrences[0];
    expect(o.searchText).toContain('broken pipe');
    expect(o.searchText).toContain('kls.mthd(file:1)');
  });
});

describe('normalizePayload: refusals say what and where', () => {
  const reasons = (body: unknown, limits = DEFAULT_PAYLOAD_LIMITS) => normalizePayload(body, 0, limits).refused.map((r) => `${r.where}: ${r.reason}`);

  it('names each malformed aggregate and occurrence', () => {
    expect(reasons(CLIENT_FIXTURES[7].body)).toEqual([
      'aggregated_errors[0].latest_errors[0] (key "good@1"): timestamp is not an RFC 3339 time: "yesterday"',
      'aggregated_errors[1] (key "negative@1"): total_count must be a non-negative integer, got number -1',
      'aggregated_errors[2] (key "fraction@1"): total_count must be a non-negative integer, got number 1.5',
      'aggregated_errors[3]: aggregation_key must be a string, got number 42',
      'aggregated_errors[4] (key "string-count@1"): total_count must be a non-negative integer, got "3"',
    ]);
  });

  it('refuses aggregates beyond the configured number, keeping the first ones', () => {
    const body = { aggregated_errors: [1, 2, 3].map((i) => ({ aggregation_key: `k${i}`, total_count: 1 })) };
    const result = normalizePayload(body, 0, { ...DEFAULT_PAYLOAD_LIMITS, maxAggregates: 2 });
    expect(result.aggregates.map((a) => a.key)).toEqual(['k1', 'k2']);
    expect(result.refused).toEqual([{ where: 'aggregated_errors[2]..[2]', reason: 'more than 2 aggregates in one payload' }]);
  });

  it('refuses an aggregate with more samples than configured', () => {
    const samples = [1, 2, 3].map((i) => ({ uuid: `u${i}`, timestamp: '2022-01-01T00:00:00Z', error: { class: 'E' } }));
    expect(reasons({ aggregated_errors: [{ aggregation_key: 'k', total_count: 3, latest_errors: samples }] }, { ...DEFAULT_PAYLOAD_LIMITS, maxSamplesPerAggregate: 2 })).toEqual([
      'aggregated_errors[0] (key "k"): latest_errors has 3 samples, more than 2',
    ]);
  });

  it('refuses an oversize key, and an occurrence with an oversize string while keeping the count', () => {
    const limits = { ...DEFAULT_PAYLOAD_LIMITS, maxKeyLength: 16, maxStringLength: 256 };
    const body = {
      aggregated_errors: [
        { aggregation_key: 'k'.repeat(17), total_count: 1 },
        { aggregation_key: 'ok', total_count: 1, latest_errors: [{ uuid: 'u', timestamp: '2022-01-01T00:00:00Z', error: { class: 'E', message: 'm'.repeat(257) } }] },
      ],
    };
    const result = normalizePayload(body, 0, limits);
    expect(result.aggregates.map((a) => [a.key, a.totalCount, a.occurrences.length])).toEqual([['ok', 1, 0]]);
    expect(result.refused.map((r) => r.reason)).toEqual(['aggregation_key is longer than 16 characters', 'message is longer than 256 characters']);
  });

  it.each([
    ['not JSON', '{"aggregated_errors": [', /^body is not valid JSON/, 'bad_json'],
    ['a list', '[]', /^payload must be a JSON object, got a list$/, 'bad_shape'],
    ['aggregated_errors not a list', '{"aggregated_errors": {}}', /^aggregated_errors must be a list, got an object$/, 'bad_shape'],
  ])('throws a PayloadError for a body that is %s, with its reason', (_what, body, message, reason) => {
    expect(() => normalizePayload(body, 0)).toThrow(PayloadError);
    expect(() => normalizePayload(body, 0)).toThrow(message);
    expect(() => normalizePayload(body, 0)).toThrow(expect.objectContaining({ reason }));
  });

  it('gives a sample without uuid a stable one, so repeated scrapes dedupe it', () => {
    const body = { aggregated_errors: [{ aggregation_key: 'k', total_count: 1, latest_errors: [{ timestamp: '2022-01-01T00:00:00Z', error: { class: 'E', message: 'm' } }] }] };
    const first = normalizePayload(body, 0).aggregates[0].occurrences[0].uuid;
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(normalizePayload(body, 999).aggregates[0].occurrences[0].uuid).toBe(first);
  });

  it('pools duplicate keys from one instance: larger counter, union of samples', () => {
    const sample = (uuid: string, t: string) => ({ uuid, timestamp: t, error: { class: 'E' } });
    const body = {
      aggregated_errors: [
        { aggregation_key: 'k', total_count: 2, latest_errors: [sample('a', '2022-01-01T00:00:01Z')] },
        { aggregation_key: 'k', total_count: 5, latest_errors: [sample('b', '2022-01-01T00:00:02Z'), sample('a', '2022-01-01T00:00:01Z')] },
      ],
    };
    const [k] = normalizePayload(body, 0).aggregates;
    expect([k.totalCount, k.occurrences.map((o) => o.uuid)]).toEqual([5, ['b', 'a']]);
  });
});

describe('normalizePayload: a hostile value costs one occurrence', () => {
  const deep = (levels: number) => {
    let text = '1';
    for (let i = 0; i < levels; i++) text = i % 2 ? `[${text}]` : `{"a":${text}}`;
    return text;
  };
  const sample = (uuid: string, extra = '') => `{"uuid":"${uuid}","timestamp":"2022-01-01T00:00:00Z","error":{"class":"E"}${extra}}`;
  /** Raw JSON text, as scraped: the hostile parts never went through JSON.stringify here. */
  const bodyWith = (hostile: string) =>
    `{"aggregated_errors":[` +
    `{"aggregation_key":"hostile","total_count":3,"latest_errors":[${sample('bad', hostile)},${sample('good')}]},` +
    `{"aggregation_key":"other","total_count":7,"latest_errors":[${sample('fine')}]}]}`;
  const summary = (body: string) => {
    const result = normalizePayload(body, 0);
    // Every kept occurrence serializes: the merge reads .json later, outside any refusal.
    const json = result.aggregates.flatMap((a) => a.occurrences.map((o) => o.json));
    return { kept: result.aggregates.map((a) => [a.key, a.totalCount, a.occurrences.map((o) => o.uuid)]), json: json.length, refused: result.refused };
  };

  it.each([
    ['a request_body nested 5,000 deep', `,"http_context":{"request_body":${deep(5000)}}`, 'request_body is nested deeper than 64 levels'],
    ['a header nested 5,001 deep', `,"http_context":{"request_headers":{"X-Deep":${deep(5001)}}}`, 'header X-Deep is nested deeper than 64 levels'],
    ['a stack line nested 5,000 deep', `,"error":{"class":"E","stacktrace":[${deep(5000)}]}`, 'stacktrace line is nested deeper than 64 levels'],
    ['a huge string in a nested request_body', `,"http_context":{"request_body":{"x":"${'y'.repeat(300 * 1024)}"}}`, 'request_body is longer than 262144 characters'],
    ['a timestamp of 1e300', `,"timestamp":1e300`, 'timestamp is out of range: number 1e+300'],
  ])('%s: refused alone, the rest merges', (_what, hostile, reason) => {
    const { kept, json, refused } = summary(bodyWith(hostile));
    expect(kept).toEqual([
      ['hostile', 3, ['good']],
      ['other', 7, ['fine']],
    ]);
    expect(json).toBe(2);
    expect(refused).toEqual([{ where: 'aggregated_errors[0].latest_errors[0] (key "hostile")', reason }]);
  });

  it('keeps a request_body nested within the bound, as JSON', () => {
    const { kept, refused } = summary(bodyWith(`,"http_context":{"request_body":${deep(60)}}`));
    expect(kept[0]).toEqual(['hostile', 3, ['bad', 'good']]);
    expect(refused).toEqual([]);
  });

  it.each([
    ['2^53', '9007199254740992'],
    ['1e400', '1e400'],
    ['10^30', '1000000000000000000000000000000'],
  ])('refuses alone an aggregate whose total_count is %s (beyond 2^53 - 1), and keeps 2^53 - 1 exact', (_what, count) => {
    const body = `{"aggregated_errors":[{"aggregation_key":"huge","total_count":${count}},{"aggregation_key":"max","total_count":9007199254740991}]}`;
    const result = normalizePayload(body, 0);
    expect(result.aggregates.map((a) => [a.key, a.totalCount])).toEqual([['max', 9007199254740991]]);
    expect(result.refused).toEqual([{ where: 'aggregated_errors[0] (key "huge")', reason: expect.stringMatching(/^total_count must be a non-negative integer, got number /) }]);
  });
});

describe('normalizePayload: samples newest first, whatever order the client lists them in', () => {
  const sample = (second: number, uuid: string) => ({ uuid, timestamp: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`, error: { class: 'E', message: 'm' } });
  const order = (samples: unknown[]) => normalizePayload({ aggregated_errors: [{ aggregation_key: 'k', total_count: 9, latest_errors: samples }] }, 0).aggregates[0].occurrences.map((o) => o.uuid);
  // Samples of one time come in uuid order.
  const newestFirst = ['e', 'd', 'c1', 'c2', 'b', 'a'];
  const samples = [sample(1, 'a'), sample(2, 'b'), sample(3, 'c1'), sample(3, 'c2'), sample(4, 'd'), sample(5, 'e')];

  it.each([
    ['oldest first (as clients send them)', samples],
    ['newest first', [...samples].reverse()],
    ['mixed', [samples[2], samples[5], samples[0], samples[4], samples[3], samples[1]]],
    ['oldest first, times apart', [samples[0], samples[1], samples[3], samples[4], samples[5]], ['e', 'd', 'c2', 'b', 'a']],
    ['newest first but one', [samples[5], samples[4], samples[2], samples[3], samples[1], samples[0]]],
  ])('%s', (_order, list, expected = newestFirst) => {
    expect(order(list)).toEqual(expected);
  });
});
