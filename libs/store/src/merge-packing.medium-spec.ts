import type { NormalizedAggregate, NormalizedOccurrence } from '@periskop/wire';
import { forEncoding, MergeRequest, mergeArguments } from './aggregate-writer';
import { AGGREGATE_HEADER_BYTES, ArgumentPacker, SAMPLE_HEADER_BYTES } from './packed-arguments';
import { mergePayloadKeys, servicePrefix, serviceKeys } from './keys';
import { registerScripts, runScript, ScriptReply } from './scripts';
import { StoreFixture } from './testing/store-fixture';

const sample = (uuid: string, timestampMs: number, texts: Partial<NormalizedOccurrence> = {}): NormalizedOccurrence => ({
  uuid,
  timestampMs,
  json: `{"uuid":"${uuid}"}`,
  errorClass: 'E',
  message: 'm',
  searchText: 'E\nm',
  ...texts,
});

/** Texts that a parser looking for separators, digits or characters (not bytes) would cut wrong. */
const AWKWARD = ['', '12,3,=,', '=', 'ä€😀 ünïcödé', '0,0,0,0,0,', '\n,\r\n\0'];

describe('packed merge arguments (packed-arguments.ts, includes/packed-arguments.lua) against a real redis-server', () => {
  let store: StoreFixture;
  beforeEach(() => {
    store = new StoreFixture();
    registerScripts(store.redis);
  });
  afterEach(() => store.close());

  const request = (aggregates: NormalizedAggregate[]): MergeRequest => ({
    service: store.service,
    address: '10.0.0.1:80',
    url: 'http://10.0.0.1:80/errors',
    cycle: 1,
    payload: { targetUuid: 't', aggregates, refused: [] },
    health: { status: 'up' } as MergeRequest['health'],
    sampleCap: 100,
    targetTtlMs: 60_000,
    maxKeys: 1000,
  });

  const merge = (aggregates: NormalizedAggregate[]) => {
    const args = mergeArguments(request(aggregates), 't@10.0.0.1:80', aggregates, new Set(aggregates.map((a) => a.key)));
    return runScript<ScriptReply>(
      store.redis,
      'mergePayload',
      mergePayloadKeys(
        store.service,
        't@10.0.0.1:80',
        aggregates.map((a) => a.key),
      ),
      forEncoding(args),
    );
  };

  /** Every key of the service and its DUMP: the whole state a merge could have written. */
  const state = async () => {
    const keys = (await store.redis.keys(`${servicePrefix(store.service)}*`)).sort();
    return Promise.all(keys.map(async (key) => [key, await store.redis.dump(key)]));
  };

  it('carry every text byte for byte: empty, multi-byte, separators and digits inside, a very long JSON', async () => {
    const aggregates: NormalizedAggregate[] = AWKWARD.map((text, i) => ({
      key: `k${i}${text}`,
      totalCount: 3,
      severity: text,
      createdAtMs: 1000 + i,
      // Newest last: the script finds the newest itself, and its search text comes through "=".
      occurrences: [
        sample(`${text}a`, 2000, { searchText: `s${text}`, json: text, errorClass: text, message: `m${text}` }),
        sample(`${text}b`, 3000 + i, { searchText: `s${text}`, json: `{"t":"${text}"}`, errorClass: `c${text}`, message: text }),
      ],
    }));
    const long = `{"body":"${'é😀,12='.repeat(60_000)}"}`;
    aggregates.push({ key: 'long', totalCount: 1, severity: 'error', createdAtMs: 5, occurrences: [sample('l1', 4000, { json: long, searchText: long.slice(0, 70_000), message: 'm'.repeat(600) })] });

    const reply = await merge(aggregates);
    expect(reply[0]).toBe('ok');
    const k = serviceKeys(store.service);
    for (const a of aggregates) {
      const [older, newest] = a.occurrences.length === 2 ? a.occurrences : [undefined, a.occurrences[0]];
      const meta = JSON.parse((await store.redis.hget(k.aggregates, a.key))!);
      expect([a.key, meta.s, meta.ca, meta.c, meta.ls, meta.lc, meta.lm]).toEqual([
        a.key,
        a.severity,
        a.createdAtMs,
        String(a.totalCount),
        newest.timestampMs,
        newest.errorClass,
        newest.message.slice(0, 500),
      ]);
      expect(await store.redis.hget(k.search, a.key)).toBe(newest.searchText);
      expect(await store.redis.hgetall(k.sampleData(a.key))).toEqual(Object.fromEntries(a.occurrences.map((o) => [o.uuid, o.json])));
      if (older) expect(await store.redis.zscore(k.sampleIndex(a.key), older.uuid)).toBe(String(older.timestampMs));
    }
  });

  it('carry numbers as the doubles their decimal text gave the script (a -0 as 0)', async () => {
    const aggregates: NormalizedAggregate[] = [{ key: 'k', totalCount: Number.MAX_SAFE_INTEGER, severity: 'error', createdAtMs: -0, occurrences: [sample('u1', 1_700_000_000_123.5)] }];
    await merge(aggregates);
    const k = serviceKeys(store.service);
    const meta = JSON.parse((await store.redis.hget(k.aggregates, 'k'))!);
    expect([meta.c, meta.ca, meta.ls]).toEqual([String(Number.MAX_SAFE_INTEGER), 0, 1_700_000_000_123.5]);
    expect(await store.redis.zscore(k.sampleIndex('k'), 'u1')).toBe('1700000000123.5');
  });

  it('send a search text the previous sample repeats once (search bytes -1)', async () => {
    const shared = 'E\nm\nframe 1 😀';
    // The newest sample is the third, whose search text is two repeats away from the one sent.
    const aggregates: NormalizedAggregate[] = [
      {
        key: 'k',
        totalCount: 4,
        severity: 'error',
        createdAtMs: 1,
        occurrences: [sample('u1', 10, { searchText: shared }), sample('u2', 11, { searchText: shared }), sample('u3', 12, { searchText: shared }), sample('u4', 9, { searchText: '' })],
      },
    ];
    const args = mergeArguments(request(aggregates), 't', aggregates, new Set(['k'])).slice(9) as Buffer[];
    expect(args.map((a) => a.readInt32LE(20))).toEqual([Buffer.byteLength(shared), -1, -1, 0]);
    expect(Buffer.concat(args).toString().split(shared)).toHaveLength(2);
    await merge(aggregates);
    const k = serviceKeys(store.service);
    expect(await store.redis.hget(k.search, 'k')).toBe(shared);
    expect(await store.redis.zrange(k.sampleIndex('k'), 0, -1)).toEqual(['u4', 'u1', 'u2', 'u3']);
  });

  describe('a malformed packed argument is refused with a clear error before anything is written', () => {
    // A good aggregate first: a script that wrote as it went would leave it behind.
    const packer = new ArgumentPacker();
    const aggregate = (key: string, samples: number, totalCount = 3) => packer.aggregate({ key, totalCount, severity: 'error', createdAtMs: 1000, occurrences: [] }, samples);
    const packed = (timestampMs: number, texts: Partial<NormalizedOccurrence> = {}) => packer.sample(sample('u', timestampMs, texts), undefined);
    /** A packed sample with one header field changed. */
    const withHeader = (buffer: Buffer, write: (b: Buffer) => void) => {
      const copy = Buffer.from(buffer);
      write(copy);
      return copy;
    };
    const good = [aggregate('good', 1), packed(2000)];
    const cases: Array<[string, Array<Buffer>, RegExp]> = [
      ['an aggregate shorter than its header', [Buffer.from('bad')], /aggregate 2 is not packed as a header/],
      ['a severity longer than the argument', [withHeader(aggregate('bad', 0), (b) => b.writeUInt32LE(99, 24))], /aggregate 2 is not packed as a header/],
      ['a count that is no count', [aggregate('bad', 0, 1.5)], /aggregate 2 \(bad\) has a bad count/],
      ['a sample count below -1', [aggregate('bad', -2)], /aggregate 2 \(bad\) has a bad count, created_at or sample count/],
      ['a sample that is missing', [aggregate('bad', 2), packed(2000)], /sample 2 of bad is missing/],
      ['a sample shorter than its header', [aggregate('bad', 1), packed(2000).subarray(0, SAMPLE_HEADER_BYTES - 1)], /sample 1 of bad is shorter than its header/],
      ['a sample whose lengths pass its end', [aggregate('bad', 1), withHeader(packed(2000), (b) => b.writeUInt32LE(900, 16))], /sample 1 of bad has text lengths past its end/],
      ['a first sample repeating a search text', [aggregate('bad', 1), withHeader(packed(2000), (b) => b.writeInt32LE(-1, 20))], /sample 1 of bad repeats the search text/],
      ['a search text length below -1', [aggregate('bad', 2), packed(2000), withHeader(packed(2000), (b) => b.writeInt32LE(-2, 20))], /sample 2 of bad has a negative search text length/],
    ];
    expect(aggregate('x', 0).length).toBe(AGGREGATE_HEADER_BYTES + 'error'.length + 1);
    it.each(cases)('%s', async (_what, bad, error) => {
      const keys = mergePayloadKeys(store.service, 't', ['good', 'bad']);
      const before = await state();
      await expect(runScript(store.redis, 'mergePayload', keys, ['t', '10.0.0.1:80', 1, 10, 60_000, '1', 100, 2, ...good, ...bad])).rejects.toThrow(error);
      expect(await state()).toEqual(before);
      expect(before).toEqual([]);
    });
  });
});
