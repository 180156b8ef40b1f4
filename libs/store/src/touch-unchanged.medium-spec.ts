import Redis from 'ioredis';
import { DEFAULT_PAYLOAD_LIMITS, normalizePayload } from '@periskop/wire';
import { aggregate, commandsSentDuring, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { AggregateWriter, TouchRequest } from './aggregate-writer';
import { serviceKeys, touchTargetKeys } from './keys';
import { runScript } from './scripts';
import { healthOfMergedScrape, TargetHealthRecord } from './target-health';

/** AggregateWriter.touchUnchanged and touch-target-n.lua against a real Redis. */
describe('the unchanged-body check', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  const address = '10.1.2.3:8080';
  const digest = 'd1';

  const merge = async (writer: AggregateWriter, service: string, uuid: string | undefined, counts: Record<string, number>, bodyDigest: string | undefined, cycle = 1) => {
    const normalized = normalizePayload(
      JSON.stringify(
        payload(
          uuid,
          Object.entries(counts).map(([key, c]) => aggregate(key, c)),
        ),
      ),
      Date.now(),
      DEFAULT_PAYLOAD_LIMITS,
    );
    return writer.merge({
      service,
      address,
      url: `http://${address}/errors`,
      cycle,
      payload: normalized,
      health: healthOfMergedScrape(normalized, Date.now(), 12),
      sampleCap: 10,
      targetTtlMs: 60_000,
      maxKeys: 10_000,
      bodyDigest,
    });
  };

  const touch = (writer: AggregateWriter, service: string, overrides: Partial<TouchRequest> = {}) =>
    writer.touchUnchanged({ service, address, cycle: 2, targetTtlMs: 120_000, bodyDigest: digest, durationMs: 7.4, ...overrides });

  const commandsDuring = <T>(run: () => Promise<T>) => commandsSentDuring(redis, run);

  const health = async (service: string): Promise<string> => (await redis.hget(serviceKeys(service).health, address))!;

  it('touches an unchanged body in one script call, and rewrites only lastScrapeMs and durationMs of its health', async () => {
    const service = uniqueName('touch');
    const writer = new AggregateWriter(redis);
    const merged = await merge(writer, service, 'uuid-a', { a: 1, b: 2 }, digest);
    const k = serviceKeys(service);
    expect(await touch(writer, service)).toEqual({ status: 'touched', aggregates: 2 }); // learns the identity
    const before = JSON.parse(await health(service)) as TargetHealthRecord;
    await redis.zadd(k.seen, 0, 'a', 0, 'b');
    await redis.pexpire(k.targetCounts(merged.targetId), 1_000);

    const [result, sent] = await commandsDuring(() => touch(writer, service, { cycle: 3 }));
    expect(result).toEqual({ status: 'touched', aggregates: 2 });
    expect(sent).toEqual(['evalsha']);

    const after = await health(service);
    const [seconds] = await redis.time();
    const touchedAt = (JSON.parse(after) as TargetHealthRecord).lastScrapeMs;
    expect(Math.abs(touchedAt - Number(seconds) * 1000)).toBeLessThan(5_000); // Redis's clock
    // Byte for byte what JSON.stringify writes, field order kept, only the two values new.
    expect(after).toBe(JSON.stringify({ ...before, lastScrapeMs: touchedAt, durationMs: 7 }));
    expect(await redis.hget(k.targetCycles, merged.targetId)).toBe('3');
    expect(Number(await redis.zscore(k.targets, merged.targetId))).toBe(touchedAt);
    expect(Number(await redis.zscore(k.seen, 'b'))).toBe(touchedAt);
    expect(await redis.pttl(k.targetCounts(merged.targetId))).toBeGreaterThan(100_000);
  });

  it('knows the identity of its own clean merge: the first unchanged scrape after it is one call', async () => {
    const service = uniqueName('touch');
    const writer = new AggregateWriter(redis);
    await merge(writer, service, 'uuid-m', { a: 1 }, digest);
    const [result, sent] = await commandsDuring(() => touch(writer, service, { cycle: 3 }));
    expect(result).toEqual({ status: 'touched', aggregates: 1 });
    expect(sent).toEqual(['evalsha']);
  });

  it('finds an identity that JSON escapes (a URL, a quote) in one call too', async () => {
    const service = uniqueName('touch');
    const writer = new AggregateWriter(redis);
    const byUrl = await merge(writer, service, undefined, { a: 1 }, digest);
    expect(byUrl.targetId).toBe(`http://${address}/errors`);
    await touch(writer, service);
    expect(await commandsDuring(() => touch(writer, service, { cycle: 3 }))).toEqual([{ status: 'touched', aggregates: 1 }, ['evalsha']]);
    const quoted = uniqueName('touch');
    const odd = await merge(writer, quoted, 'say "hi" \\ é', { a: 1 }, digest);
    await touch(writer, quoted);
    expect(await commandsDuring(() => touch(writer, quoted, { cycle: 3 }))).toEqual([{ status: 'touched', aggregates: 1 }, ['evalsha']]);
    expect(await redis.hget(serviceKeys(quoted).targetCycles, odd.targetId)).toBe('3');
  });

  it('answers what the full merge needs, and writes nothing, when the body changed or was never merged clean', async () => {
    const service = uniqueName('touch');
    const writer = new AggregateWriter(redis);
    expect(await touch(writer, service)).toEqual({ status: 'changed', aggregates: 0, lastTargetId: null }); // never scraped
    const merged = await merge(writer, service, 'uuid-b', { a: 1 }, digest);
    const stored = await health(service);
    expect(await touch(writer, service, { bodyDigest: 'another' })).toEqual({ status: 'changed', aggregates: 0, lastTargetId: merged.targetId });
    expect(await health(service)).toBe(stored);
    // A merge that refused a key keeps no digest; a failure names no identity.
    await redis.hset(serviceKeys(service).health, address, JSON.stringify({ ...JSON.parse(stored), status: 'down', bodyDigest: null, targetId: null }));
    expect(await touch(writer, service)).toEqual({ status: 'changed', aggregates: 0, lastTargetId: undefined });
  });

  it('answers stale for an older cycle than the last merge, and writes nothing', async () => {
    const service = uniqueName('touch');
    const writer = new AggregateWriter(redis);
    await merge(writer, service, 'uuid-c', { a: 1 }, digest, 5);
    const stored = await health(service);
    expect(await touch(writer, service, { cycle: 4 })).toEqual({ status: 'stale', aggregates: 0 });
    expect(await health(service)).toBe(stored);
  });

  it('asks for the identity the health names when the caller expected another, then touches under it', async () => {
    const service = uniqueName('touch');
    const writer = new AggregateWriter(redis);
    const k = serviceKeys(service);
    await merge(writer, service, 'uuid-old', { a: 1 }, 'old-body');
    expect((await touch(writer, service, { bodyDigest: 'old-body' })).status).toBe('touched'); // expects uuid-old from now on
    // The client restarted with a new uuid (merged by another scraper): the expected identity is outdated.
    const restarted = await merge(new AggregateWriter(redis), service, 'uuid-new', { a: 1 }, digest, 2);
    const reply = await runScript(redis, 'touchTarget', touchTargetKeys(service, `uuid-old@${address}`), [
      `uuid-old@${address}`,
      address,
      3,
      120_000,
      digest,
      7,
      JSON.stringify(`uuid-old@${address}`),
    ]);
    expect(reply).toEqual(['retarget', restarted.targetId]);
    expect(await redis.hget(k.targetCycles, restarted.targetId)).toBe('2'); // nothing written
    await redis.pexpire(k.targetCounts(restarted.targetId), 1_000);
    const [result, sent] = await commandsDuring(() => touch(writer, service, { cycle: 3 }));
    expect(result).toEqual({ status: 'touched', aggregates: 1 });
    expect(sent).toEqual(['evalsha', 'evalsha']);
    expect(await redis.hget(k.targetCycles, restarted.targetId)).toBe('3');
    expect(await redis.pttl(k.targetCounts(restarted.targetId))).toBeGreaterThan(100_000);
  });

  it('refuses a call whose keys do not match its expected identity, or whose numbers are not numbers', async () => {
    const service = uniqueName('touch');
    await expect(runScript(redis, 'touchTarget', touchTargetKeys(service), ['t@x', address, 1, 1000, digest, 1, '"t@x"'])).rejects.toThrow(/6 keys with an expected target id/);
    await expect(runScript(redis, 'touchTarget', touchTargetKeys(service), ['', address, 1, 1000, digest, 1.5, '""'])).rejects.toThrow(/durationMs a whole number/);
  });

  it('fails on a health it cannot read, so the caller merges in full', async () => {
    const service = uniqueName('touch');
    await redis.hset(serviceKeys(service).health, address, 'not json');
    await expect(touch(new AggregateWriter(redis), service)).rejects.toThrow();
  });
});
