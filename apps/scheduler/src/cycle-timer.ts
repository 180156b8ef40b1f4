/**
 * Ticks on wall-clock boundaries of `intervalMs` (cycle N starts at N × interval), so every
 * scheduler replica ticks at the same moments and their claims of cycle N collide by design.
 */
export class CycleTimer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly onTick: (cycle: number) => Promise<void>,
    private readonly now: () => number = Date.now,
    /** A failing cycle must not stop the timer: the next boundary tries again. */
    private readonly onError: (err: unknown) => void = (err) => process.emitWarning(`cycle failed: ${(err as Error).message}`),
  ) {}

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
    const cycle = Math.floor(this.now() / this.intervalMs);
    try {
      await this.onTick(cycle);
    } catch (err) {
      this.onError(err);
    } finally {
      if (!this.stopped) {
        const next = (Math.floor(this.now() / this.intervalMs) + 1) * this.intervalMs;
        this.timer = setTimeout(() => void this.tick(), Math.max(0, next - this.now()));
      }
    }
  }
}
