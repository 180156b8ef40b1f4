import { CycleTimer } from './cycle-timer';

describe('CycleTimer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 10_500 }));
  afterEach(() => jest.useRealTimers());

  it('runs the current cycle at once, then on every wall-clock boundary', async () => {
    const ticks: Array<[number, number]> = [];
    const timer = new CycleTimer(1000, async (cycle) => {
      ticks.push([cycle, Date.now()]);
    });
    timer.start();
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(2600);
    timer.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(ticks).toEqual([
      [10, 10_500],
      [11, 11_000],
      [12, 12_000],
      [13, 13_000],
    ]);
  });

  it('keeps ticking after a failed cycle', async () => {
    let calls = 0;
    const errors: string[] = [];
    const timer = new CycleTimer(
      1000,
      async () => {
        calls += 1;
        throw new Error('redis away');
      },
      Date.now,
      (err) => errors.push((err as Error).message),
    );
    timer.start();
    await jest.advanceTimersByTimeAsync(2000);
    timer.stop();
    expect(calls).toBe(3);
    expect(errors).toEqual(['redis away', 'redis away', 'redis away']);
  });
});
