import { normalizePayload, normalizePayloadChunks, PayloadError } from '@periskop/wire';
import { MAX_PIECE_BYTES, parsePayloadChunks } from './parse-payload-chunks';

/** A payload of `keys` aggregates of about `sampleBytes` each, with text that exercises UTF-8 and escapes. */
function payload(keys: number, samplesPerKey = 10, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target_uuid: 'c0ffee00-0000-4000-8000-000000000001',
    aggregated_errors: Array.from({ length: keys }, (_, j) => ({
      aggregation_key: `Error${j}@svc/handler.go:${j}`,
      total_count: 100 + j,
      severity: j % 3 === 0 ? 'warning' : 'error',
      created_at: '2026-01-01T00:00:00Z',
      latest_errors: Array.from({ length: samplesPerKey }, (_, k) => ({
        error: {
          class: `pkg.Error${j}`,
          message: `échec ${j}/${k}: "quoted" \\ back\\slash, tab\t, 日本語 and 😀 {"aggregation_key":"not a key"} ],[ }`,
          stacktrace: Array.from({ length: 10 }, (_, f) => `github.com/example/ünïcode/handler${f}.(*Server).serve${j}(0xc000${k}${f}) — 𝄞`),
          cause: { class: 'net.OpError', message: `dial tcp 10.0.${j}.7:5432: connection refused ${'\u00e9\u4e2d'.repeat(5)}`, stacktrace: null, cause: null },
        },
        uuid: `00000000-0000-4000-8000-${String(j * 1000 + k).padStart(12, '0')}`,
        timestamp: `2026-01-01T00:${String(k % 60).padStart(2, '0')}:00.123456789Z`,
        severity: 'error',
        http_context: { request_method: 'GET', request_url: `https://shop.example.com/api/${j}?q=${k}`, request_headers: { Accept: 'application/json', 'X-Ünicode': 'ä' }, request_body: '' },
      })),
    })),
    ...extra,
  };
}

/** The body cut into chunks of `size` bytes (the last one shorter). */
function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(Buffer.from(bytes.subarray(at, at + size)));
  return chunks;
}

/** The body cut at the given offsets. */
function cutAt(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [0, ...offsets.filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => Buffer.from(bytes.subarray(points[i], end)));
}

/** What a normalization gives: the payload as plain JSON, or the error's kind, reason and message. */
function outcome(run: () => unknown): unknown {
  try {
    return { ok: JSON.parse(JSON.stringify(run())) };
  } catch (err) {
    return { error: (err as Error).name, reason: err instanceof PayloadError ? err.reason : undefined, message: (err as Error).message };
  }
}

/** The chunked path against the path it replaces: normalizePayload of the joined body's UTF-8 text. */
function expectSameAsWhole(chunks: Buffer[]): void {
  const whole = Buffer.concat(chunks).toString('utf8');
  expect(outcome(() => normalizePayloadChunks(chunks, 1_700_000_000_000))).toEqual(outcome(() => normalizePayload(whole, 1_700_000_000_000)));
}

const bytesOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

describe('parsePayloadChunks: a large body parsed in pieces', () => {
  const body = bytesOf(payload(20));

  it('takes the piecewise path for a large body and gives what JSON.parse of the whole gives', () => {
    expect(body.length).toBeGreaterThan(2 * MAX_PIECE_BYTES);
    for (const size of [body.length, 65_536, 16_384, 4_096, 1_000, 97]) {
      const parsed = parsePayloadChunks(chunksOf(body, size));
      expect(parsed).not.toBeUndefined();
      expect(parsed).toEqual(JSON.parse(body.toString('utf8')));
    }
  });

  it('leaves a small body to the whole path', () => {
    expect(parsePayloadChunks([bytesOf(payload(1, 2))])).toBeUndefined();
  });

  it('decodes a character split between two chunks as a whole one', () => {
    // Cut inside every multi-byte character and escape of the first aggregates, each in turn.
    const inside: number[] = [];
    for (let at = 1; at < 40_000; at++) if ((body[at] & 0xc0) === 0x80 || body[at - 1] === 0x5c) inside.push(at);
    expect(inside.length).toBeGreaterThan(100);
    for (const at of inside.filter((_, i) => i % Math.ceil(inside.length / 40) === 0)) {
      const chunks = cutAt(body, [at, at + 1, at + 3, 70_000]);
      expect(parsePayloadChunks(chunks)).toEqual(JSON.parse(body.toString('utf8')));
      expectSameAsWhole(chunks);
    }
  });

  it('finds an element start split between chunks', () => {
    const text = body.toString('latin1');
    const starts: number[] = [];
    for (let at = text.indexOf(',{"aggregation_key"'); at >= 0; at = text.indexOf(',{"aggregation_key"', at + 1)) starts.push(at);
    for (const at of starts.slice(0, 5)) {
      for (const offset of [0, 1, 2, 5, 18, 19]) expectSameAsWhole(cutAt(body, [at + offset, at + offset + 50_000]));
    }
  });

  it('parses an aggregate larger than a piece, and a body of one aggregate', () => {
    const huge = bytesOf(payload(1, 100));
    expect(huge.length).toBeGreaterThan(MAX_PIECE_BYTES);
    expect(parsePayloadChunks(chunksOf(huge, 65_536))).toEqual(JSON.parse(huge.toString('utf8')));
    expectSameAsWhole(chunksOf(huge, 65_536));
    const mixed = payload(12);
    (mixed.aggregated_errors as unknown[]).splice(3, 0, payload(1, 100).aggregated_errors);
    expectSameAsWhole(chunksOf(bytesOf(mixed), 65_536));
  });

  it('reads bodies of other layouts as the whole path does', () => {
    const layouts: Array<[string, string]> = [
      ['list not last', JSON.stringify({ aggregated_errors: payload(12).aggregated_errors, target_uuid: 'after-the-list', other: [1, [2]] })],
      ['pretty-printed', JSON.stringify(payload(12), null, 2)],
      ['spaces after separators', JSON.stringify(payload(12)).replace(/},{"aggregation_key"/g, '} ,\n {"aggregation_key"')],
      [
        'first member not the key',
        JSON.stringify({ aggregated_errors: (payload(12).aggregated_errors as Array<Record<string, unknown>>).map(({ latest_errors, ...rest }) => ({ latest_errors, ...rest })) }),
      ],
      ['the key named in a value first', JSON.stringify({ note: 'aggregated_errors', ...payload(12) })],
      ['a later duplicate name wins', JSON.stringify(payload(12)).replace(/}$/, ',"aggregated_errors":[{"aggregation_key":"late","total_count":1}]}')],
      ['an escaped duplicate name', JSON.stringify(payload(12)).replace(/}$/, ',"aggregated\\u005ferrors":null}')],
      ['an earlier duplicate name', `{"aggregated_errors":[{"aggregation_key":"early","total_count":1}],${JSON.stringify(payload(12)).slice(1)}`],
      ['elements that are not objects', JSON.stringify({ aggregated_errors: [...(payload(12).aggregated_errors as unknown[]), 1, 'x', null, [], {}] })],
      ['nested objects shaped like aggregates', JSON.stringify(payload(12)).replace(/"request_body":""/g, '"request_body":[{"aggregation_key":"a"},{"aggregation_key":"b"}]')],
      ['aggregated_errors null', JSON.stringify({ ...payload(12), aggregated_errors: null, padding: payload(12).aggregated_errors })],
      ['an empty list', JSON.stringify({ aggregated_errors: [], padding: 'x'.repeat(MAX_PIECE_BYTES) })],
      ['a list at the top', JSON.stringify(payload(12).aggregated_errors)],
      ['whitespace around', `\n\t ${JSON.stringify(payload(12))} \r\n`],
    ];
    for (const [name, text] of layouts) {
      const bytes = Buffer.from(text, 'utf8');
      expect([name, bytes.length > MAX_PIECE_BYTES]).toEqual([name, true]);
      for (const size of [65_536, 4_099]) {
        const parsed = parsePayloadChunks(chunksOf(bytes, size));
        if (parsed !== undefined) expect([name, parsed]).toEqual([name, JSON.parse(text)]);
        expectSameAsWhole(chunksOf(bytes, size));
      }
    }
  });

  it('refuses malformed bodies with the same reason and message as the whole path', () => {
    const text = body.toString('latin1');
    const boundary = text.indexOf(',{"aggregation_key"', 70_000);
    const open = text.indexOf('[');
    const broken: Array<[string, Buffer]> = [
      ['double comma between aggregates', splice(body, boundary, 0, ',')],
      ['trailing comma in the list', splice(body, body.length - 2, 0, ',')],
      ['leading comma in the list', splice(body, open + 1, 0, ',')],
      ['garbage before an aggregate', splice(body, boundary + 1, 0, 'x')],
      ['garbage after the list', splice(body, body.length - 1, 0, '1')],
      ['garbage after the body', splice(body, body.length, 0, '{}')],
      ['a missing brace', splice(body, boundary - 1, 1, '')],
      ['an unterminated string', splice(body, boundary - 3, 1, '')],
      ['a control character in a string', splice(body, text.indexOf('chec') + 1, 0, '\u0001')],
      ['truncated in the last aggregate', body.subarray(0, body.length - 10)],
      ['truncated after the list', body.subarray(0, body.length - 1)],
      ['truncated in the middle', body.subarray(0, boundary + 5)],
      ['no closing bracket', Buffer.from(`${text.slice(0, -2)}}`, 'latin1')],
      ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])],
      ['invalid UTF-8 in a string', splice(body, text.indexOf('chec') + 1, 0, Buffer.from([0xff, 0xc3]))],
      ['invalid UTF-8 next to a cut', splice(body, boundary, 0, Buffer.from([0xe6, 0x97]))],
    ];
    for (const [name, bytes] of broken) {
      for (const chunks of [chunksOf(bytes, 65_536), cutAt(bytes, [boundary, boundary + 1, boundary + 2])]) {
        const whole = Buffer.concat(chunks).toString('utf8');
        const parsed = parsePayloadChunks(chunks);
        if (parsed !== undefined) expect([name, parsed]).toEqual([name, JSON.parse(whole)]);
        expectSameAsWhole(chunks);
      }
    }
    // Invalid UTF-8 inside a string is decoded (to U+FFFD) the same way in pieces.
    const replaced = splice(body, text.indexOf('chec') + 1, 0, Buffer.from([0xff, 0xc3]));
    expect(parsePayloadChunks(cutAt(replaced, [text.indexOf('chec') + 2]))).toEqual(JSON.parse(replaced.toString('utf8')));
  });

  it('gives a shape error for a non-object body as the whole path does', () => {
    const list = bytesOf([payload(12)]);
    expect(outcome(() => normalizePayloadChunks(chunksOf(list, 65_536), 0))).toEqual(outcome(() => normalizePayload(list.toString('utf8'), 0)));
    expect(outcome(() => normalizePayloadChunks([], 0))).toEqual(outcome(() => normalizePayload('', 0)));
  });
});

describe('normalizePayloadChunks: the same payload as normalizePayload of the joined body', () => {
  it('normalizes a large body identically, chunk sizes aside', () => {
    const body = bytesOf(payload(20));
    for (const size of [body.length, 65_536, 8_191]) expectSameAsWhole(chunksOf(body, size));
  });

  it('normalizes a small body and its refusals identically', () => {
    const small = payload(3, 2);
    (small.aggregated_errors as Array<Record<string, unknown>>)[1].total_count = -1;
    expectSameAsWhole(chunksOf(bytesOf(small), 100));
  });
});

function splice(bytes: Buffer, at: number, remove: number, insert: string | Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, at), typeof insert === 'string' ? Buffer.from(insert, 'utf8') : insert, bytes.subarray(at + remove)]);
}
