import type { Counter } from 'prom-client';

type Labels = Record<string, string>;

/**
 * Forgets label sets of a counter that have not moved for `ttlMs`. `periskop_error_occurrences`
 * carries a `target` label, and every restarted instance is a new target: without this, a
 * scraper's memory would grow with every instance that ever existed. Prometheus treats a series
 * that disappears as stale, and `rate()`/`increase()` over it stay correct.
 */
export class ExpiringSeries<L extends string> {
  private readonly lastTouched = new Map<string, { labels: Labels; at: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly counter: Counter<L>,
    private readonly ttlMs: number,
    sweepEveryMs = Math.min(ttlMs, 60_000),
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.sweep(), sweepEveryMs);
    this.timer.unref();
  }

  inc(labels: Record<L, string>, value: number): void {
    this.counter.inc(labels, value);
    this.lastTouched.set(seriesKey(labels), { labels, at: this.now() });
  }

  /** Removes every series untouched for longer than the TTL; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.ttlMs;
    let removed = 0;
    for (const [key, entry] of this.lastTouched) {
      if (entry.at >= cutoff) continue;
      this.counter.remove(entry.labels as Record<L, string>);
      this.lastTouched.delete(key);
      removed += 1;
    }
    return removed;
  }

  get size(): number {
    return this.lastTouched.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function seriesKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\0${labels[k]}`)
    .join('\0\0');
}
