import Redis from 'ioredis';
import { DEFAULT_PAYLOAD_LIMITS } from '@periskop/wire';
import { AggregateReader, AggregateWriter, Retention, runScript, serviceKeys, toTargetHealth, touchTargetKeys } from '@periskop/store';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import type { ScrapeJob } from '@periskop/queue';
import { aggregate, commandsSentDuring, FakeTarget, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import type { MergeChange, NotificationPublisher } from '@periskop/notify';
import { ByteBudget } from './byte-budget';
import { TargetFetcher } from './fetch/target-fetcher';
import { ScrapeTarget } from './scrape-target';

/** One scrape from a real target into a real Redis, as the worker runs it. */
describe('ScrapeTarget', () => {
  const redis = new Redis(testRedisUrl());
  const reader = new AggregateReader(redis);
  const metrics = new PeriskopMetrics('scraper-test');
  const selfErrors = new SelfErrorCollector();
  /** Records what the scrape hands to notifications (delivery itself is tested in libs/notify). */
  const published: Array<{ service: string; changes: readonly MergeChange[] }> = [];
  const notifications = { publish: async (service: string, changes: readonly MergeChange[]) => void published.push({ service, changes }) } as unknown as NotificationPublisher;
  const writer = new AggregateWriter(redis);
  const scrape = new ScrapeTarget(new TargetFetcher(2), writer, metrics, selfErrors, notifications, new ByteBudget(1 << 20));
  let target: FakeTarget;

  beforeAll(async () => (target = await FakeTarget.start()));
  afterAll(async () => {
    await target.close();
    await redis.quit();
  });

  const job = (service: string): ScrapeJob => ({
    service,
    address: target.address,
    url: `http://${target.address}/errors`,
    cycle: 1,
    timeoutMs: 1000,
    maxResponseBytes: 1 << 20,
    sampleCap: 100,
    targetTtlMs: 60_000,
    limits: DEFAULT_PAYLOAD_LIMITS,
  });

  it('merges a payload, records the target up and keeps its count per target', async () => {
    const service = uniqueName('scrape');
    target.serve(payload('uuid-1', [aggregate('k@1', 4, [occurrence('o1', new Date())])]));
    const outcome = await scrape.run(job(service));
    expect(outcome.status).toBe('merged');
    expect((await reader.aggregate(service, 'k@1'))?.c).toBe(4);
    const [health] = await redis.hvals(`periskop:{${service}}:health`);
    expect(JSON.parse(health)).toMatchObject({ status: 'up', targetUuid: 'uuid-1', aggregates: 1, refused: [] });
    // The per-target count the API renders as periskop_error_occurrences.
    expect(await reader.targetCounts(service)).toEqual([{ targetId: expect.stringContaining('uuid-1'), address: target.address, counts: { 'k@1': 4 } }]);
    // The new key is handed to notifications once, with its event; an unchanged scrape hands nothing.
    expect(published.filter((p) => p.service === service)).toEqual([{ service, changes: [{ key: 'k@1', delta: 4, severity: 'error', event: 'new' }] }]);
    await scrape.run({ ...job(service), cycle: 2 });
    expect(published.filter((p) => p.service === service)).toHaveLength(1);
  });

  it('merges a target scraped for the first time in one call; a changed body of a known target goes counts first', async () => {
    const service = uniqueName('scrape');
    const body = (count: number) => payload('uuid-c', [aggregate('k@1', count, [occurrence(`o${count}`, new Date())]), aggregate('k@2', 1, [occurrence('p1', new Date())])]);
    target.serve(body(1));
    const cold = await scrape.run(job(service));
    expect(cold.merge?.calls).toBe(1);
    expect(await reader.samples(service, ['k@1', 'k@2'], 10)).toEqual(
      new Map([
        ['k@1', [expect.stringContaining('"o1"')]],
        ['k@2', [expect.stringContaining('"p1"')]],
      ]),
    );
    target.serve(body(2));
    const grown = await scrape.run({ ...job(service), cycle: 2 });
    expect(grown.merge?.calls).toBe(2); // counts only, then k@1's samples
    expect((await reader.aggregate(service, 'k@1'))?.c).toBe(2);
  });

  it('falls back to the target URL when the client sends no target_uuid', async () => {
    const service = uniqueName('scrape');
    target.serve({ aggregated_errors: [aggregate('k@1', 2)] });
    await scrape.run(job(service));
    expect(await reader.instances(service, 'k@1')).toEqual([expect.objectContaining({ target: `http://${target.address}/errors`, total_count: 2 })]);
  });

  it('records a bad body on the target and in its own errors, and merges nothing', async () => {
    const service = uniqueName('scrape');
    target.serve('<html>oops</html>');
    const outcome = await scrape.run(job(service));
    expect([outcome.status, outcome.failure?.reason]).toEqual(['failed', 'bad_json']);
    const [health] = await redis.hvals(`periskop:{${service}}:health`);
    expect(JSON.parse(health)).toMatchObject({ status: 'down', error: expect.stringMatching(/^body is not valid JSON/) });
    expect(await reader.aggregates(service)).toEqual([]);
    expect(selfErrors.export().aggregated_errors?.map((a) => a.aggregation_key)).toContain('scrapped-url-error');
  });

  it('merges a large body read in many chunks (parsed in pieces) as a small one, and refuses it truncated with the whole-body message', async () => {
    const service = uniqueName('scrape');
    const message = (k: number, s: number) => `échec ${k}/${s}: "quoted" \\ 日本語 😀 ${'ü'.repeat(300)}`;
    const big = payload(
      'uuid-big',
      Array.from({ length: 40 }, (_, k) =>
        aggregate(
          `big@${k}`,
          10 + k,
          Array.from({ length: 10 }, (_, s) => occurrence(`b${k}-${s}`, new Date(Date.UTC(2026, 0, 1, 0, k, s)), { error: { class: 'E', message: message(k, s), stacktrace: null, cause: null } })),
        ),
      ),
    );
    const text = JSON.stringify(big);
    expect(Buffer.byteLength(text)).toBeGreaterThan(300_000);
    target.serve(big);
    expect((await scrape.run(job(service))).status).toBe('merged');
    expect((await reader.aggregate(service, 'big@39'))?.c).toBe(49);
    const [sample] = (await reader.samples(service, ['big@7'], 1)).get('big@7')!;
    expect(JSON.parse(sample).error.message).toBe(message(7, 9));

    const cut = text.slice(0, Math.floor(text.length * 0.8));
    target.serve(cut);
    const truncated = await scrape.run({ ...job(uniqueName('scrape')), cycle: 2 });
    expect([truncated.failure?.reason, truncated.failure?.message]).toEqual(['bad_json', `body is not valid JSON: ${jsonError(cut)}`]);
  });

  it('records a wrong shape as bad_shape', async () => {
    target.serve({ aggregated_errors: 'nope' });
    const outcome = await scrape.run(job(uniqueName('scrape')));
    expect(outcome.failure?.reason).toBe('bad_shape');
    expect(outcome.failure?.message).toBe('aggregated_errors must be a list, got "nope"');
  });

  describe('a merge that fails after the fetch', () => {
    const failures = async (service: string) =>
      (await metrics.registry.getSingleMetric('periskop_merge_failures_total')!.get()).values.filter((v) => v.labels.service_name === service).map((v) => [v.labels.reason, v.value]);

    it('marks the target down with merge_failed and its reason, counts it, and fails the job for the next cycle', async () => {
      const service = uniqueName('scrape');
      target.serve(payload('uuid-f', [aggregate('k@1', 4)]));
      // A real Redis error inside the script: the target's counts key holds the wrong type.
      await redis.set(serviceKeys(service).targetCounts(`uuid-f@${target.address}`), 'not a hash');
      await expect(scrape.run(job(service))).rejects.toThrow(/WRONGTYPE/);
      const health = toTargetHealth(await redis.hget(serviceKeys(service).health, target.address));
      expect(health.status).toBe('down');
      expect(health.error).toMatch(/^merge_failed: .*WRONGTYPE/);
      expect(await failures(service)).toEqual([['script_error', 1]]);
      expect(await reader.aggregates(service)).toEqual([]); // nothing partial
      // The next cycle, with the cause gone, merges the whole payload.
      await redis.del(serviceKeys(service).targetCounts(`uuid-f@${target.address}`));
      expect((await scrape.run({ ...job(service), cycle: 2 })).status).toBe('merged');
      expect((await reader.aggregate(service, 'k@1'))?.c).toBe(4);
      expect(toTargetHealth(await redis.hget(serviceKeys(service).health, target.address)).status).toBe('up');
    });

    it('keeps the original error when recording the failure fails too', async () => {
      const service = uniqueName('scrape');
      target.serve(payload('uuid-g', [aggregate('k@1', 1)]));
      await redis.set(serviceKeys(service).targetCounts(`uuid-g@${target.address}`), 'not a hash');
      await redis.set(serviceKeys(service).health, 'not a hash either');
      const error = await scrape.run(job(service)).catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/WRONGTYPE/);
      expect((error as Error).name).toBe('MergeFailure');
      expect(await failures(service)).toEqual([['script_error', 1]]);
    });
  });

  it('counts new keys refused by max_keys_per_service in a metric and the target health', async () => {
    const service = uniqueName('scrape');
    target.serve(payload('uuid-c', [aggregate('a', 1), aggregate('b', 1), aggregate('c', 1)]));
    await scrape.run({ ...job(service), maxKeysPerService: 2 });
    const counter = await metrics.registry.getSingleMetric('periskop_keys_refused_total')!.get();
    expect(counter.values).toContainEqual({ labels: { service_name: service }, value: 1 });
    const health = toTargetHealth(await redis.hget(serviceKeys(service).health, target.address));
    expect(health.refused).toEqual(['c: refused, the service has max_keys_per_service keys']);
  });

  describe("a body that did not change since the target's last merge", () => {
    const unchangedCount = async (service: string) =>
      (await metrics.registry.getSingleMetric('periskop_unchanged_scrapes_total')!.get()).values.find((v) => v.labels.service_name === service)?.value ?? 0;

    it('is neither parsed nor merged, and keeps the target up, unexpired and its keys reported', async () => {
      const service = uniqueName('scrape');
      const k = serviceKeys(service);
      const targetId = `uuid-u@${target.address}`;
      target.serve(payload('uuid-u', [aggregate('k@1', 3, [occurrence('o1', new Date())]), aggregate('k@2', 1)]));
      expect((await scrape.run(job(service))).status).toBe('merged');
      const version = await redis.get(k.version);
      // As if the last merge and report were long ago: only the touch can make them recent.
      await redis.zadd(k.targets, 0, targetId);
      await redis.zadd(k.seen, 0, 'k@1', 0, 'k@2');
      const health = JSON.parse((await redis.hget(k.health, target.address))!);
      const merges = jest.spyOn(writer, 'merge');
      try {
        const outcome = await scrape.run({ ...job(service), cycle: 2 });
        expect(outcome.status).toBe('unchanged');
        expect(merges).not.toHaveBeenCalled();
      } finally {
        merges.mockRestore();
      }
      expect(await unchangedCount(service)).toBe(1);
      expect(await redis.get(k.version)).toBe(version);
      expect((await reader.aggregate(service, 'k@1'))?.c).toBe(3);
      expect(await redis.hget(k.targetCycles, targetId)).toBe('2');
      expect(Number(await redis.zscore(k.targets, targetId))).toBeGreaterThan(0);
      expect(Number(await redis.zscore(k.seen, 'k@2'))).toBeGreaterThan(0);
      expect(await redis.pttl(k.targetCounts(targetId))).toBeGreaterThan(0);
      const touched = JSON.parse((await redis.hget(k.health, target.address))!);
      expect(touched).toMatchObject({ status: 'up', targetUuid: 'uuid-u', aggregates: 2, refused: [], bodyDigest: health.bodyDigest, targetId });
      expect(touched.lastScrapeMs).toBeGreaterThanOrEqual(health.lastScrapeMs);
      // Target expiry reads the refreshed last merge: the target is kept.
      expect(await new Retention(redis).expireTargets(service, 60_000)).toBe(0);
      expect(await redis.hget(k.targetAddresses, targetId)).toBe(target.address);
    });

    it('merges a changed body, and a stale cycle of the same body changes nothing', async () => {
      const service = uniqueName('scrape');
      target.serve(payload('uuid-v', [aggregate('k@1', 3)]));
      await scrape.run({ ...job(service), cycle: 5 });
      expect((await scrape.run({ ...job(service), cycle: 4 })).status).toBe('stale');
      target.serve(payload('uuid-v', [aggregate('k@1', 7)]));
      expect((await scrape.run({ ...job(service), cycle: 6 })).status).toBe('merged');
      expect((await reader.aggregate(service, 'k@1'))?.c).toBe(7);
      expect((await scrape.run({ ...job(service), cycle: 7 })).status).toBe('unchanged');
      expect(await unchangedCount(service)).toBe(1);
    });

    it('is merged in full after a failed scrape, and after a merge that refused a key', async () => {
      const service = uniqueName('scrape');
      const good = payload('uuid-w', [aggregate('a', 1), aggregate('b', 1)]);
      target.serve(good);
      await scrape.run(job(service));
      target.serve('<html>down for a moment</html>');
      await scrape.run({ ...job(service), cycle: 2 });
      target.serve(good);
      expect((await scrape.run({ ...job(service), cycle: 3 })).status).toBe('merged');
      // A key refused by the cap may be taken later: that body is never skipped.
      const capped = uniqueName('scrape');
      await scrape.run({ ...job(capped), maxKeysPerService: 1 });
      expect((await scrape.run({ ...job(capped), maxKeysPerService: 1, cycle: 2 })).status).toBe('merged');
    });

    it('is refreshed only while the stored digest still holds (checked again inside the script)', async () => {
      const service = uniqueName('scrape');
      target.serve(payload('uuid-x', [aggregate('k@1', 1)]));
      await scrape.run(job(service));
      const targetId = `uuid-x@${target.address}`;
      const reply = await runScript(redis, 'touchTarget', touchTargetKeys(service, targetId), [targetId, target.address, 2, 60_000, 'another-digest', 5, JSON.stringify(targetId)]);
      expect(reply).toEqual(['changed', targetId]);
      expect(await redis.hget(serviceKeys(service).targetCycles, targetId)).toBe('1');
    });

    it('costs one Redis call once the scraper knows the target', async () => {
      const service = uniqueName('scrape');
      target.serve(payload('uuid-y', [aggregate('k@1', 1)]));
      await scrape.run(job(service));
      expect((await scrape.run({ ...job(service), cycle: 2 })).status).toBe('unchanged');
      const [outcome, sent] = await commandsSentDuring(redis, () => scrape.run({ ...job(service), cycle: 3 }));
      expect(outcome.status).toBe('unchanged');
      expect(sent).toEqual(['evalsha']);
    });
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}
