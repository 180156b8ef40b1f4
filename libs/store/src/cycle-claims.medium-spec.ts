import Redis from 'ioredis';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { CycleClaim, CycleClaims } from './cycle-claims';

interface Win {
  by: string;
  cycle: number;
  intervalMs: number;
}

describe('CycleClaims (claim-cycle-1.lua)', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  const redisNow = async () => {
    const [s, us] = await redis.time();
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * Schedulers as the scheduler app runs them: claim, then wait what the claim says until the
   * next boundary. `restart(interval)` is a restart of every scheduler with a new interval: each
   * claims at once, as the app does when it starts.
   */
  const runSchedulers = (service: string, ids: string[], firstIntervalMs: number) => {
    const wins: Win[] = [];
    let running = true;
    let intervalMs = firstIntervalMs;
    let wake: Array<() => void> = [];
    const loops = ids.map(async (id) => {
      const claims = new CycleClaims(redis, id);
      while (running) {
        const interval = intervalMs;
        const claim: CycleClaim = await claims.claim(service, interval);
        if (claim.claimed) wins.push({ by: id, cycle: claim.cycle, intervalMs: interval });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, claim.nextInMs));
          wake.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    });
    const wakeAll = () => {
      const sleepers = wake;
      wake = [];
      sleepers.forEach((w) => w());
    };
    return {
      wins,
      restart: (newIntervalMs: number) => {
        intervalMs = newIntervalMs;
        wakeAll();
      },
      stop: async () => {
        running = false;
        wakeAll();
        await Promise.all(loops);
      },
    };
  };

  /** Each boundary is enqueued once, boundaries only grow, and each sits on its interval's grid. */
  const expectExactlyOncePerBoundary = (wins: Win[]) => {
    const cycles = wins.map((w) => w.cycle);
    expect(new Set(cycles).size).toBe(cycles.length);
    expect([...cycles].sort((a, b) => a - b)).toEqual(cycles);
    expect(wins.filter((w) => w.cycle % w.intervalMs !== 0)).toEqual([]);
  };

  it('gives each boundary of a service to exactly one of many schedulers', async () => {
    const service = uniqueName('claims');
    const schedulers = ['a', 'b', 'c'].map((id) => new CycleClaims(redis, id));
    const claims = await Promise.all(schedulers.map((s) => s.claim(service, 1000)));
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    const claimed = claims.find((c) => c.claimed)!;
    // The same boundary for all, on Redis's clock, and the wait until the next one.
    expect(claims.filter((c) => c.cycle !== claimed.cycle)).toEqual([]);
    expect(claimed.cycle % 1000).toBe(0);
    expect(claimed.nextInMs).toBeGreaterThan(0);
    expect(claimed.nextInMs).toBeLessThanOrEqual(1000);
    expect(await redis.hget(`periskop:{${service}}:cycle`, 'cycle')).toBe(String(claimed.cycle));
    expect(await redis.pttl(`periskop:{${service}}:cycle`)).toBeGreaterThan(0);
  });

  it('keeps services apart', async () => {
    const [one, two] = [uniqueName('claims'), uniqueName('claims')];
    const claims = new CycleClaims(redis, 'x');
    expect((await claims.claim(one, 60_000)).claimed).toBe(true);
    expect((await claims.claim(one, 60_000)).claimed).toBe(false);
    expect((await claims.claim(two, 60_000)).claimed).toBe(true);
  });

  it('claims over a cycle number stored by an older scheduler', async () => {
    const service = uniqueName('claims');
    await redis.hset(`periskop:{${service}}:cycle`, 'cycle', Math.floor(Date.now() / 1000), 'by', 'old');
    expect((await new CycleClaims(redis, 'new').claim(service, 1000)).claimed).toBe(true);
  });

  it.each([
    [1000, 3000],
    [3000, 1000],
  ])(
    'takes an interval change from %i to %i ms at the next boundary, with two schedulers',
    async (before, after) => {
      const service = uniqueName('claims');
      const run = runSchedulers(service, ['a', 'b'], before);
      await sleep(before + 1500);
      const changedAt = await redisNow();
      run.restart(after);
      await sleep(2 * after + 1500);
      await run.stop();

      expectExactlyOncePerBoundary(run.wins);
      const old = run.wins.filter((w) => w.intervalMs === before);
      const renewed = run.wins.filter((w) => w.intervalMs === after);
      expect(old.length).toBeGreaterThanOrEqual(2);
      expect(renewed.length).toBeGreaterThanOrEqual(2);
      // The first boundary of the new interval is due within one new interval of the change ...
      expect(renewed[0].cycle - changedAt).toBeLessThanOrEqual(after);
      // ... and from then on no boundary is skipped.
      const gaps = renewed.slice(1).map((w, i) => w.cycle - renewed[i].cycle);
      expect(gaps.filter((g) => g !== after)).toEqual([]);
    },
    20_000,
  );

  it("ignores a scheduler's own clock: one 10 minutes ahead claims the same boundaries", async () => {
    const service = uniqueName('claims');
    const realNow = Date.now();
    // Only Date is shifted: timers and Redis's clock run as they do.
    jest.useFakeTimers({
      now: realNow + 600_000,
      advanceTimers: true,
      doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'],
    });
    try {
      const run = runSchedulers(service, ['skewed', 'right'], 1000);
      await sleep(3500);
      await run.stop();
      expectExactlyOncePerBoundary(run.wins);
      const now = await redisNow();
      // Every boundary is on Redis's clock (none 10 minutes ahead), and none was skipped.
      expect(run.wins.filter((w) => w.cycle > now)).toEqual([]);
      const gaps = run.wins.slice(1).map((w, i) => w.cycle - run.wins[i].cycle);
      expect(gaps.filter((g) => g !== 1000)).toEqual([]);
      expect(run.wins.length).toBeGreaterThanOrEqual(3);
      expect(Date.now() - now).toBeGreaterThan(590_000);
    } finally {
      jest.useRealTimers();
    }
  }, 20_000);
});
