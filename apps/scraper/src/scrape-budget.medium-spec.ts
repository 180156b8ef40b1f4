import Redis from 'ioredis';
import { Queue, Worker } from 'bullmq';
import { DEFAULT_PAYLOAD_LIMITS } from '@periskop/wire';
import { AggregateReader, AggregateWriter, serviceKeys, toTargetHealth } from '@periskop/store';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';
import { QUEUE_PREFIX, ScrapeJob, SCRAPE_JOB_OPTIONS } from '@periskop/queue';
import { aggregate, eventually, FakeTarget, occurrence, payload, testRedisUrl, uniqueName } from '@periskop/test-harness';
import type { NotificationPublisher } from '@periskop/notify';
import { ByteBudget } from './byte-budget';
import { TargetFetcher } from './fetch/target-fetcher';
import { ScrapeOutcome, ScrapeTarget } from './scrape-target';

/**
 * The byte budget in the scrape, with real targets and a real Redis: fetched bodies beyond it wait
 * (their fetches still ran together), every one is merged exactly once room is made, and every
 * way a job ends gives its bytes back.
 */
describe('ScrapeTarget within a byte budget', () => {
  const redis = new Redis(testRedisUrl());
  const reader = new AggregateReader(redis);
  const writer = new AggregateWriter(redis);
  const metrics = new PeriskopMetrics('scraper-test');
  const notifications = { publish: async () => undefined } as unknown as NotificationPublisher;
  const fetcher = new TargetFetcher(8);
  const body = payload('uuid-b', [aggregate('k@1', 3, [occurrence('o1', new Date())]), aggregate('k@2', 5)]);
  const bodyBytes = Buffer.byteLength(JSON.stringify(body));
  let good: FakeTarget;
  let bad: FakeTarget;

  beforeAll(async () => {
    [good, bad] = await Promise.all([FakeTarget.start(), FakeTarget.start()]);
    good.serve(body);
    bad.serve('<html>oops</html>');
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    fetcher.close();
    await Promise.all([good.close(), bad.close()]);
    await redis.quit();
  });

  const scraper = (budget: ByteBudget) => new ScrapeTarget(fetcher, writer, metrics, new SelfErrorCollector(), notifications, budget);

  /** Target `i` of a service: its own address (the target's identity), all served by `from`. */
  const job = (service: string, i: number, from = good): ScrapeJob => ({
    service,
    address: `10.0.0.${i + 1}:7777`,
    url: `http://${from.address}/errors`,
    cycle: 1,
    timeoutMs: 5000,
    maxResponseBytes: 1 << 20,
    sampleCap: 100,
    targetTtlMs: 60_000,
    limits: DEFAULT_PAYLOAD_LIMITS,
  });

  /** Holds every merge until `open()`: the jobs the budget admitted stay admitted meanwhile. */
  const holdMerges = () => {
    const merge = (args: Parameters<AggregateWriter['merge']>[0]) => AggregateWriter.prototype.merge.call(writer, args);
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    let started = 0;
    const spy = jest.spyOn(writer, 'merge').mockImplementation(async (args) => {
      started++;
      await opened;
      return merge(args);
    });
    return { started: () => started, open, restore: () => spy.mockRestore() };
  };

  /** Resolves once `bytes` of fetched bodies wait for the budget. */
  const waitingFor = (budget: ByteBudget, bytes: number) => eventually(async () => (budget.waiting === bytes ? true : undefined), 10_000, `${bytes} bytes waiting`, 10);

  const waits = async (service: string) =>
    (await metrics.registry.getSingleMetric('periskop_scrape_budget_wait_seconds')!.get()).values.find(
      (v) => v.labels.service_name === service && (v as { metricName?: string }).metricName === 'periskop_scrape_budget_wait_seconds_count',
    )?.value;

  it('lets the bodies beyond the budget wait, then merges every one exactly', async () => {
    const service = uniqueName('budget');
    const budget = new ByteBudget(2 * bodyBytes + Math.floor(bodyBytes / 2)); // two bodies fit, not three
    const scrape = scraper(budget);
    const merges = holdMerges();
    try {
      const runs = Array.from({ length: 6 }, (_, i) => scrape.run(job(service, i)));
      // All six were fetched: two are merging, four wait with their bodies.
      await waitingFor(budget, 4 * bodyBytes);
      expect([merges.started(), budget.holding, budget.held]).toEqual([2, 2, 2 * bodyBytes]);
      merges.open();
      const outcomes = await Promise.all(runs);
      expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('merged'));
      expect(merges.started()).toBe(6);
    } finally {
      merges.restore();
    }
    expect([budget.held, budget.holding, budget.waiting]).toEqual([0, 0, 0]);
    // Six targets of one service, each counted once.
    expect((await reader.aggregate(service, 'k@1'))?.c).toBe(6 * 3);
    expect((await reader.aggregate(service, 'k@2'))?.c).toBe(6 * 5);
    expect(await waits(service)).toBe(6);
    const exported = await metrics.registry.metrics();
    expect(exported).toMatch(/^periskop_scrape_budget_bytes\{state="held",app="scraper-test"\} 0$/m);
  });

  it('gives the bytes back when a body does not parse or its merge fails, and the jobs behind it go on', async () => {
    const service = uniqueName('budget');
    const broken = uniqueName('budget');
    const budget = new ByteBudget(1); // every body is larger: one at a time
    const scrape = scraper(budget);
    // A real Redis error inside the merge script: the target's counts key holds the wrong type.
    await redis.set(serviceKeys(broken).targetCounts(`uuid-b@${job(broken, 0).address}`), 'not a hash');
    const merges = holdMerges();
    let outcomes: Array<ScrapeOutcome | Error>;
    try {
      const first = scrape.run(job(service, 0));
      await eventually(async () => (merges.started() === 1 ? true : undefined), 10_000, 'the first merge', 10);
      const behind = [scrape.run(job(service, 1, bad)), scrape.run(job(broken, 0)), scrape.run(job(service, 2))];
      await waitingFor(budget, 2 * bodyBytes + '<html>oops</html>'.length);
      merges.open();
      outcomes = await Promise.all([first, ...behind].map((run) => run.catch((err: Error) => err)));
    } finally {
      merges.restore();
    }
    expect(outcomes.map((o) => (o instanceof Error ? o.name : o.status))).toEqual(['merged', 'failed', 'MergeFailure', 'merged']);
    expect((outcomes[1] as ScrapeOutcome).failure?.reason).toBe('bad_json');
    expect([budget.held, budget.holding, budget.waiting]).toEqual([0, 0, 0]);
    expect((await reader.aggregate(service, 'k@1'))?.c).toBe(2 * 3);
    expect(toTargetHealth(await redis.hget(serviceKeys(broken).health, job(broken, 0).address)).error).toMatch(/^merge_failed: .*WRONGTYPE/);
  });

  it('finishes the jobs that wait for the budget when the worker closes (SIGTERM)', async () => {
    const service = uniqueName('budget');
    const budget = new ByteBudget(1);
    const scrape = scraper(budget);
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue<ScrapeJob>(uniqueName('scrape'), { connection, prefix: QUEUE_PREFIX, defaultJobOptions: SCRAPE_JOB_OPTIONS });
    // As the scraper's worker runs jobs (ScrapeProcessor), on a queue of this test's own.
    const worker = new Worker<ScrapeJob, string>(queue.name, async (j) => (await scrape.run(j.data)).status, { connection, prefix: QUEUE_PREFIX, concurrency: 4 });
    const results: string[] = [];
    worker.on('completed', (_, result) => results.push(result));
    const merges = holdMerges();
    try {
      await queue.addBulk(Array.from({ length: 4 }, (_, i) => ({ name: 'scrape', data: job(service, i) })));
      await waitingFor(budget, 3 * bodyBytes);
      // What SIGTERM does (ScrapeProcessor.beforeApplicationShutdown): the worker takes no more
      // jobs and waits for the running ones, including the three waiting for the budget.
      const closing = worker.close();
      merges.open();
      await closing;
    } finally {
      merges.restore();
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
    expect(results).toEqual(['merged', 'merged', 'merged', 'merged']);
    expect([budget.held, budget.holding, budget.waiting]).toEqual([0, 0, 0]);
    expect((await reader.aggregate(service, 'k@1'))?.c).toBe(4 * 3);
  });
});
