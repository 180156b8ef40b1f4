import Redis from 'ioredis';
import { ErrorCollector, ErrorExporter } from '@periskop/client';
import { PushState } from '@periskop/store/push-state';
import { eventually, testRedisUrl, uniqueName } from '@periskop/test-harness';
import { normalizePayload } from '@periskop/wire';
import { toPushedAggregates } from './pushed-aggregates';

/** The push script against a real redis-server, fed by real periskop-node exports. */
describe('PushState (exact push counting in Redis)', () => {
  const redis = new Redis(testRedisUrl());
  const stateWith = (overrides: Partial<ConstructorParameters<typeof PushState>[1]> = {}) =>
    new PushState(redis, { jobIdleMs: 60_000, keyIdleMs: 3_600_000, samplesPerKey: 10, namespace: uniqueName('push'), ...overrides });

  async function push(state: PushState, job: string, collector: ErrorCollector) {
    const payload = normalizePayload(new ErrorExporter(collector).export(), Date.now());
    return state.push({ jobId: PushState.jobId(job, payload.targetUuid), aggregates: toPushedAggregates(payload.aggregates), nowMs: Date.now() });
  }
  const totals = async (state: PushState) => Object.fromEntries((await state.read(Date.now())).aggregates.map((a) => [a.key, a.totalCount]));

  afterAll(() => redis.quit());

  it('counts 25 errors pushed one at a time as cumulative exports as 25, not Σ min(k,10)', async () => {
    const state = stateWith();
    // One occurrence a second: "the newest delta samples" is well defined (same-millisecond
    // occurrences have no order a client could agree on).
    let tick = Date.now() - 60_000;
    const collector = new ErrorCollector({ now: () => new Date((tick += 1000)) });
    for (let i = 0; i < 25; i++) {
      collector.report(new Error('nightly import failed'), { key: 'import' });
      await push(state, 'nightly', collector);
    }
    const [aggregate] = (await state.read(Date.now())).aggregates;
    expect(aggregate.totalCount).toBe(25);
    expect(aggregate.occurrences).toHaveLength(10);
    const kept = aggregate.occurrences.map((o) => JSON.parse(o).uuid);
    expect(kept).toEqual(collector.snapshot().aggregated_errors[0].latest_errors.map((o) => o.uuid));
  });

  it('counts the same push sent twice once, and keeps its samples once', async () => {
    const state = stateWith();
    const collector = new ErrorCollector();
    for (let i = 0; i < 3; i++) collector.report(new Error('x'), { key: 'k' });
    expect((await push(state, 'job', collector)).counted).toBe(3);
    expect((await push(state, 'job', collector)).counted).toBe(0);
    const [aggregate] = (await state.read(Date.now())).aggregates;
    expect([aggregate.totalCount, aggregate.occurrences.length]).toEqual([3, 3]);
  });

  it('adds up separate jobs and separate processes of one job', async () => {
    const state = stateWith();
    const a = new ErrorCollector();
    const b = new ErrorCollector();
    a.report(new Error('x'), { key: 'k' });
    b.report(new Error('x'), { key: 'k' });
    b.report(new Error('x'), { key: 'k' });
    await push(state, 'job', a);
    await push(state, 'job', b); // same label, another process (target_uuid): another pushing job
    await push(state, 'other', a);
    expect(await totals(state)).toEqual({ k: 4 });
  });

  it('forgets a pushing job idle past its limit: its next push counts from zero', async () => {
    const state = stateWith({ jobIdleMs: 300 });
    const collector = new ErrorCollector();
    collector.report(new Error('x'), { key: 'k' });
    await push(state, 'short-lived', collector);
    const jobId = PushState.jobId('short-lived', collector.targetUuid);
    expect(await state.knowsJob(jobId)).toBe(true);
    await eventually(async () => ((await state.knowsJob(jobId)) ? undefined : true), 5_000, 'the idle job forgotten');
    await push(state, 'short-lived', collector);
    expect(await totals(state)).toEqual({ k: 2 });
  });

  it('drops keys no push reported within the key idle time', async () => {
    const state = stateWith({ keyIdleMs: 200 });
    const old = new ErrorCollector();
    old.report(new Error('x'), { key: 'old' });
    await push(state, 'a', old);
    await new Promise((r) => setTimeout(r, 300));
    const fresh = new ErrorCollector();
    fresh.report(new Error('y'), { key: 'new' });
    expect((await push(state, 'b', fresh)).droppedIdleKeys).toBe(1);
    expect(await totals(state)).toEqual({ new: 1 });
  });

  it('shares one target_uuid between replicas', async () => {
    const namespace = uniqueName('push');
    const settings = { jobIdleMs: 1000, keyIdleMs: 1000, samplesPerKey: 10, namespace };
    const [one, two] = [new PushState(redis, settings), new PushState(new Redis(testRedisUrl()), settings)];
    expect(await one.targetUuid()).toBe(await two.targetUuid());
  });
});
