import type { NormalizedAggregate, NormalizedOccurrence } from '@periskop/wire';
import { forEncoding, MergeRequest, mergeArguments } from './aggregate-writer';
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

describe('packed merge arguments (includes/packed-arguments.lua) against a real redis-server', () => {
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

  const merge = (aggregates: NormalizedAggregate[], packing: 'strings' | 'buffers') => {
    const args = mergeArguments(request(aggregates), 't@10.0.0.1:80', aggregates, new Set(aggregates.map((a) => a.key)), packing);
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

  it.each(['strings', 'buffers'] as const)('carry every text byte for byte, packed as %s: empty, multi-byte, separators and digits inside, a very long JSON', async (packing) => {
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

    const reply = await merge(aggregates, packing);
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

  it.each(['strings', 'buffers'] as const)('send a search text the previous sample repeats once (as "="), packed as %s', async (packing) => {
    const shared = 'E\nm\nframe 1 😀';
    // The newest sample is the third, whose search text is two "=" away from the one sent.
    const aggregates: NormalizedAggregate[] = [
      {
        key: 'k',
        totalCount: 4,
        severity: 'error',
        createdAtMs: 1,
        occurrences: [sample('u1', 10, { searchText: shared }), sample('u2', 11, { searchText: shared }), sample('u3', 12, { searchText: shared }), sample('u4', 9, { searchText: '' })],
      },
    ];
    const args = mergeArguments(request(aggregates), 't', aggregates, new Set(['k']), packing).map(String);
    expect(args.slice(9).map((a) => a.split(',')[4])).toEqual([String(Buffer.byteLength(shared)), '=', '=', '0']);
    expect(args.join('').split(shared)).toHaveLength(2);
    await merge(aggregates, packing);
    const k = serviceKeys(store.service);
    expect(await store.redis.hget(k.search, 'k')).toBe(shared);
    expect(await store.redis.zrange(k.sampleIndex('k'), 0, -1)).toEqual(['u4', 'u1', 'u2', 'u3']);
  });

  describe('a malformed packed argument is refused with a clear error before anything is written', () => {
    // A good aggregate first: a script that wrote as it went would leave it behind.
    const good = ['3,1000,1,5,errorgood', '2000,2,1,1,1,u1CMS{}'];
    const cases: Array<[string, Array<string | number>, RegExp]> = [
      ['an aggregate that is a bare key', ['bad'], /aggregate 2 is not packed as <total_count>/],
      ['a severity longer than the argument', ['3,1000,0,99,error'], /aggregate 2 is not packed/],
      ['a count that is no number', ['x,1000,0,5,errorbad'], /aggregate 2 \(bad\) has a bad count/],
      ['a sample that is missing', ['3,1000,2,5,errorbad', '2000,2,1,1,1,u2CMS{}'], /sample 2 of bad is missing/],
      ['a sample header that does not parse', ['3,1000,1,5,errorbad', 'u2 C M S {}'], /sample 1 of bad is not packed as/],
      ['a sample whose lengths pass its end', ['3,1000,1,5,errorbad', '2000,2,1,1,900,u2CMS{}'], /sample 1 of bad has text lengths past its end/],
      ['a sample with no numeric timestamp', ['3,1000,1,5,errorbad', 'soon,2,1,1,1,u2CMS{}'], /sample 1 of bad has no numeric timestamp/],
      ['a first sample repeating a search text', ['3,1000,1,5,errorbad', '2000,2,1,1,=,u2CM{}'], /sample 1 of bad repeats the search text/],
      ['a repeat marker with a length', ['3,1000,1,5,errorbad', '2000,2,1,1,=1,u2CMS{}'], /sample 1 of bad is not packed as/],
    ];
    it.each(cases)('%s', async (_what, bad, error) => {
      const keys = mergePayloadKeys(store.service, 't', ['good', 'bad']);
      const before = await state();
      await expect(runScript(store.redis, 'mergePayload', keys, ['t', '10.0.0.1:80', 1, 10, 60_000, '1', 100, 2, ...good, ...bad])).rejects.toThrow(error);
      expect(await state()).toEqual(before);
      expect(before).toEqual([]);
    });
  });
});
