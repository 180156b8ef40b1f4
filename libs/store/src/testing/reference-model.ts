/**
 * The counting rules of merge-payload.lua in plain TypeScript: the reference the property tests
 * hold the script to. A delivery is one scraped snapshot of one target.
 */
export interface Delivery {
  target: string;
  fetchedAtMs: number;
  counts: Record<string, number>;
}

export class ReferenceModel {
  readonly totals = new Map<string, number>();
  private readonly last = new Map<string, { fetchedAtMs: number; counts: Map<string, number> }>();

  merge(delivery: Delivery): void {
    let state = this.last.get(delivery.target);
    if (state && delivery.fetchedAtMs < state.fetchedAtMs) return; // stale: an older fetch
    if (!state) {
      state = { fetchedAtMs: delivery.fetchedAtMs, counts: new Map() };
      this.last.set(delivery.target, state);
    }
    state.fetchedAtMs = delivery.fetchedAtMs;
    for (const [key, count] of Object.entries(delivery.counts)) {
      const previous = state.counts.get(key);
      // First sight, or a counter reset (lower than before): the whole value counts.
      const delta = previous === undefined || count < previous ? count : count - previous;
      state.counts.set(key, count);
      this.totals.set(key, (this.totals.get(key) ?? 0) + delta);
    }
  }
}
