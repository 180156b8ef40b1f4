import Redis from 'ioredis';
import { Queue, Worker } from 'bullmq';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { DEFAULT_PAYLOAD_LIMITS } from '@periskop/wire';
import { QUEUE_PREFIX, SCRAPE_JOB_OPTIONS } from './queue.constants';
import { ScrapeJob } from './scrape-job';
import { ScrapeJobRepository } from './scrape-job.repository';

/** The producer side of the scrape queue against a real redis-server (BullMQ's own scripts). */
describe('ScrapeJobRepository (BullMQ on redis-server)', () => {
  const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  const queues: Queue[] = [];
  const workers: Worker[] = [];

  /** A queue of its own per test: medium tests share one redis-server. */
  const repository = () => {
    const queue = new Queue<ScrapeJob>(uniqueName('scrape'), { connection, prefix: QUEUE_PREFIX, defaultJobOptions: SCRAPE_JOB_OPTIONS });
    queues.push(queue);
    return { queue, jobs: new ScrapeJobRepository(queue) };
  };

  const cycleOf = (service: string, targets: number, cycle = 1): ScrapeJob[] =>
    Array.from({ length: targets }, (_, i) => ({
      service,
      address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:7777`,
      url: `http://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:7777/errors`,
      cycle,
      timeoutMs: 1000,
      maxResponseBytes: 1 << 20,
      sampleCap: 10,
      targetTtlMs: 60_000,
      limits: DEFAULT_PAYLOAD_LIMITS,
    }));

  /** Takes `n` jobs the way a worker does (highest priority first) and completes them. */
  const take = async (queue: Queue, n: number): Promise<string[]> => {
    const worker = new Worker(queue.name, null, { connection, prefix: QUEUE_PREFIX, autorun: false });
    workers.push(worker);
    const taken: string[] = [];
    for (let i = 0; i < n; i++) {
      const job = await worker.getNextJob('test-token');
      if (!job) break;
      taken.push(job.data.service);
      await job.moveToCompleted('merged', 'test-token', false);
    }
    return taken;
  };

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map(async (q) => (await q.obliterate({ force: true }), await q.close())));
    await connection.quit();
  });

  it('does not let a service with 10,000 targets starve one with 3 enqueued after it', async () => {
    const { queue, jobs } = repository();
    expect(await jobs.enqueueCycle(cycleOf('big', 10_000))).toBe(10_000);
    expect(await jobs.enqueueCycle(cycleOf('small', 3))).toBe(3);
    // Ranks interleave the services: each rank r of "small" sits beside rank r of "big".
    const first = await take(queue, 6);
    expect(first.filter((s) => s === 'small')).toHaveLength(3);
    expect(first.filter((s) => s === 'big')).toHaveLength(3);
    expect(await queue.getJobCountByTypes('prioritized', 'waiting')).toBe(10_000 - 3);
  }, 60_000);

  it('adds nothing for a target whose job from an earlier cycle is still pending', async () => {
    const { queue, jobs } = repository();
    await jobs.enqueueCycle(cycleOf('svc', 5, 1));
    await jobs.enqueueCycle(cycleOf('svc', 5, 2)); // a second scheduler, or the next cycle
    expect(await queue.getJobCountByTypes('prioritized', 'waiting', 'active')).toBe(5);
    const pending = await queue.getJobs(['prioritized', 'waiting']);
    expect(pending.map((j) => j.data.cycle)).toEqual([1, 1, 1, 1, 1]);
    // Once done (removed on completion), the next cycle adds the target again.
    expect(await take(queue, 5)).toHaveLength(5);
    await jobs.enqueueCycle(cycleOf('svc', 5, 3));
    expect((await queue.getJobs(['prioritized', 'waiting'])).map((j) => j.data.cycle)).toEqual([3, 3, 3, 3, 3]);
  });
});
