import { normalizePayload } from '@periskop/wire';
import { ErrorCollector, OVERFLOW_KEY } from './error-collector';
import { ErrorExporter } from './error-exporter';
import { aggregationKey } from './aggregation-key';

class DbError extends Error {}

function fixedCollector(options: ConstructorParameters<typeof ErrorCollector>[0] = {}) {
  let n = 0;
  return new ErrorCollector({ now: () => new Date(Date.UTC(2020, 1, 17, 22, 42, 45)), uuid: () => `uuid-${n++}`, ...options });
}

describe('ErrorCollector', () => {
  it("keys an error by class and periskop-go's hash of message and first stack frames", () => {
    const collector = new ErrorCollector();
    const error = new DbError('connection refused');
    const key = collector.report(error);
    const [sample] = collector.snapshot().aggregated_errors[0].latest_errors;
    expect(sample.error.class).toBe('DbError');
    expect(sample.error.stacktrace![0]).toMatch(/^at /);
    expect(key).toBe(aggregationKey('DbError', 'connection refused', sample.error.stacktrace));
  });

  it('counts every occurrence and keeps the latest 10, oldest evicted', () => {
    const collector = new ErrorCollector();
    const errors = Array.from({ length: 25 }, (_, i) => Object.assign(new Error('same'), { stack: 'Error: same\n    at f (a.js:1:1)', n: i }));
    const keys = new Set(errors.map((e) => collector.report(e, { key: 'k' })));
    expect(keys).toEqual(new Set(['k']));
    const [aggregate] = collector.snapshot().aggregated_errors;
    expect(aggregate.total_count).toBe(25);
    expect(aggregate.latest_errors).toHaveLength(10);
    expect(new Set(aggregate.latest_errors.map((o) => o.uuid)).size).toBe(10);
  });

  it('keeps the severity of the first occurrence on the aggregate, each occurrence its own', () => {
    const collector = new ErrorCollector();
    collector.report(new Error('a'), { key: 'k', severity: 'warning' });
    collector.report(new Error('a'), { key: 'k', severity: 'error' });
    collector.reportMessage('cache-miss', 'fell back to the database');
    const [k, message] = collector.snapshot().aggregated_errors;
    expect([k.severity, k.latest_errors.map((o) => o.severity)]).toEqual(['warning', ['warning', 'error']]);
    expect(message).toMatchObject({ aggregation_key: 'cache-miss', severity: 'info', latest_errors: [{ error: { class: '', message: 'fell back to the database', stacktrace: null, cause: null } }] });
    expect(() => collector.report(new Error('x'), { severity: 'fatal' as never })).toThrow('severity must be one of info, warning, error; got "fatal"');
  });

  it('renders Error.cause chains and AggregateError members as causes, cycles cut', () => {
    const collector = new ErrorCollector();
    const root = new Error('root');
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    const wrapped = new TypeError('wrapped', { cause: new RangeError('middle', { cause: root }) });
    const all = new AggregateError([new Error('first'), loop], 'all failed');
    collector.report(wrapped);
    collector.report(all);
    const [a, b] = collector.snapshot().aggregated_errors.map((x) => x.latest_errors[0].error);
    const chain = (e: typeof a | null): string[] => (e ? [`${e.class}:${e.message}`, ...chain(e.cause)] : []);
    expect(chain(a)).toEqual(['TypeError:wrapped', 'RangeError:middle', 'Error:root']);
    expect(chain(b)).toEqual(['AggregateError:all failed', 'Error:first', 'Error:loop']);
  });

  it('reports thrown non-errors with the report site as the stack', () => {
    const collector = new ErrorCollector();
    collector.report('plain string');
    collector.report({ code: 42 });
    const [s, o] = collector.snapshot().aggregated_errors.map((x) => x.latest_errors[0].error);
    expect(s).toMatchObject({ class: 'string', message: 'plain string' });
    expect(s.stacktrace![0]).toMatch(/error-collector\.spec\.ts/);
    expect(o).toMatchObject({ class: 'Object', message: '{"code":42}' });
  });

  it('holds at most maxKeys keys; the rest are counted in one overflow aggregate', () => {
    const collector = new ErrorCollector({ maxKeys: 3 });
    for (let i = 0; i < 10; i++) collector.report(new Error(`e${i}`), { key: `k${i}` });
    collector.report(new Error('again'), { key: 'k1' });
    const counts = Object.fromEntries(collector.snapshot().aggregated_errors.map((a) => [a.aggregation_key, a.total_count]));
    expect(counts).toEqual({ k0: 1, k1: 2, k2: 1, [OVERFLOW_KEY]: 7 });
    expect(new ErrorCollector().snapshot().aggregated_errors).toEqual([]);
  });

  it('loses nothing when 10,000 async errors happen concurrently', async () => {
    const collector = new ErrorCollector();
    const failing = async (i: number) => {
      await new Promise((r) => setImmediate(r));
      await Promise.resolve();
      throw new Error(`job ${i % 7} failed`);
    };
    await Promise.all(Array.from({ length: 10_000 }, (_, i) => failing(i).catch((err: Error) => collector.report(err, { key: err.message }))));
    const counts = collector.snapshot().aggregated_errors.map((a) => a.total_count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(counts.sort((a, b) => a - b)).toEqual([1428, 1428, 1428, 1429, 1429, 1429, 1429]);
  });

  it('starts afresh with a new target_uuid when it finds itself in another process (fork)', () => {
    let pid = 100;
    const collector = new ErrorCollector({ processId: () => pid });
    collector.report(new Error('in the parent'));
    const parentUuid = collector.targetUuid;
    pid = 101;
    expect(collector.targetUuid).not.toBe(parentUuid);
    expect(collector.snapshot().aggregated_errors).toEqual([]);
    collector.report(new Error('in the child'));
    expect(collector.snapshot().aggregated_errors.map((a) => a.total_count)).toEqual([1]);
  });
});

describe('ErrorExporter.export', () => {
  it('renders what periskop-go renders: snake_case, its key order, RFC 3339, created_at', () => {
    const collector = fixedCollector();
    const error = Object.assign(new Error(''), { stack: 'Error\n    at line 12:\n    at syntax error' });
    collector.report(error, { key: 'test', httpContext: { request_method: 'GET', request_url: 'http://example.com', request_headers: { 'Cache-Control': 'no-cache' }, request_body: null } });
    expect(new ErrorExporter(collector).export()).toBe(
      '{"target_uuid":"uuid-0","aggregated_errors":[{"aggregation_key":"test","total_count":1,"severity":"error","latest_errors":[' +
        '{"error":{"class":"Error","message":"","stacktrace":["at line 12:","at syntax error"],"cause":null},"uuid":"uuid-1",' +
        '"timestamp":"2020-02-17T22:42:45Z","severity":"error","http_context":{"request_method":"GET","request_url":"http://example.com",' +
        '"request_headers":{"Cache-Control":"no-cache"},"request_body":null}}],"created_at":"2020-02-17T22:42:45Z"}]}',
    );
  });

  it("is accepted by this server's scrape normalizer without any refusal", () => {
    const collector = new ErrorCollector();
    collector.report(new TypeError('x', { cause: new Error('y') }), { httpContext: { method: 'GET', url: '/', headers: { cookie: 'a' } } });
    collector.reportMessage('m', 'hello', 'warning');
    const normalized = normalizePayload(new ErrorExporter(collector).export(), Date.now());
    expect(normalized.refused).toEqual([]);
    expect(normalized.targetUuid).toBe(collector.targetUuid);
    expect(normalized.aggregates.map((a) => [a.totalCount, a.occurrences.length])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});
