import { CycleTimer } from './cycle-timer';

describe('CycleTimer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_500 }));
  afterEach(() => jest.useRealTimers());

  /** A stand-in for the claim: boundaries of `intervalMs` on a clock `offsetMs` ahead of this process's. */
  const boundariesOn = (offsetMs: number, intervalMs: () => number, ticks: number[]) => async () => {
    const remote = Date.now() + offsetMs;
    ticks.push(remote);
    return Math.floor(remote / intervalMs()) * intervalMs() + intervalMs() - remote;
  };

  it('runs the current cycle at once, then when the claim says the next boundary is due', async () => {
    const ticks: number[] = [];
    const timer = new CycleTimer(
      1000,
      boundariesOn(0, () => 1000, ticks),
    );
    timer.start();
    await jest.advanceTimersByTimeAsync(2600);
    timer.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(ticks).toEqual([10_500, 11_000, 12_000, 13_000]);
  });

  it("follows the other clock's boundaries, not its own (10 min and 300 ms apart)", async () => {
    const ticks: number[] = [];
    const offset = 600_300;
    const timer = new CycleTimer(
      1000,
      boundariesOn(offset, () => 1000, ticks),
    );
    timer.start();
    await jest.advanceTimersByTimeAsync(2500);
    timer.stop();
    // Local times 10 500, 10 700, 11 700, 12 700: the remote clock's whole seconds.
    expect(ticks).toEqual([610_800, 611_000, 612_000, 613_000]);
  });

  it('takes up a new interval at the next tick', async () => {
    const ticks: number[] = [];
    let interval = 1000;
    const timer = new CycleTimer(
      3000,
      boundariesOn(0, () => interval, ticks),
    );
    timer.start();
    await jest.advanceTimersByTimeAsync(600);
    interval = 3000;
    await jest.advanceTimersByTimeAsync(6000);
    timer.stop();
    expect(ticks).toEqual([10_500, 11_000, 12_000, 15_000]);
  });

  it('never waits longer than one interval, and at least 1 ms, whatever the tick answers', async () => {
    const answers = [60_000, -5, Number.NaN, 0];
    const ticks: number[] = [];
    const timer = new CycleTimer(1000, async () => {
      ticks.push(Date.now());
      return answers.shift() ?? 1000;
    });
    timer.start();
    await jest.advanceTimersByTimeAsync(2002);
    timer.stop();
    expect(ticks).toEqual([10_500, 11_500, 11_501, 12_501, 12_502]);
  });

  it('keeps ticking after a failed cycle, trying again within a second', async () => {
    let calls = 0;
    const errors: string[] = [];
    const timer = new CycleTimer(
      60_000,
      async () => {
        calls += 1;
        throw new Error('redis away');
      },
      (err) => errors.push((err as Error).message),
    );
    timer.start();
    await jest.advanceTimersByTimeAsync(2000);
    timer.stop();
    expect(calls).toBe(3);
    expect(errors).toEqual(['redis away', 'redis away', 'redis away']);
  });
});
