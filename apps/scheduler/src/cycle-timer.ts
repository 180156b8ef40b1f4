/**
 * Ticks on the cycle boundaries of one service, as Redis's clock places them: each tick claims
 * the current boundary and answers how long until the next one (see CycleClaims), and the timer
 * simply waits that long. The scheduler's own clock never decides a boundary, so replicas with
 * wrong clocks still tick together, and a new interval applies from the next tick on.
 */
export class CycleTimer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    /** A function is read at every tick: a reloaded interval bounds the next wait. */
    private readonly interval: number | (() => number),
    /** Runs the cycle; resolves to the ms until the next boundary, counted from when it resolves. */
    private readonly onTick: () => Promise<number>,
    /** A failing cycle must not stop the timer: the next boundary tries again. */
    private readonly onError: (err: unknown) => void = (err) => process.emitWarning(`cycle failed: ${(err as Error).message}`),
  ) {}

  private get intervalMs(): number {
    return typeof this.interval === 'function' ? this.interval() : this.interval;
  }

  /** Runs the current cycle right away, then every boundary. */
  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let delayMs: number;
    try {
      delayMs = this.bounded(await this.onTick());
    } catch (err) {
      this.onError(err);
      // Redis away: try again soon rather than one (maybe long) interval later, so that the
      // boundary due meanwhile is still claimed once Redis answers.
      delayMs = Math.min(this.intervalMs, 1000);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  /**
   * A boundary is never further than one interval away; at least 1 ms, so a tick that ran a hair
   * before Redis's boundary (timers and clocks differ by a little) asks again right after it.
   */
  private bounded(ms: number): number {
    return Number.isFinite(ms) ? Math.min(Math.max(Math.ceil(ms), 1), this.intervalMs) : this.intervalMs;
  }
}
