/**
 * The counting rules of merge-payload-n.lua in plain TypeScript: the reference the property tests
 * hold the script to. A delivery is one scraped snapshot of one target.
 */
export interface Delivery {
  /** The client's target_uuid, or undefined when it sends none. */
  uuid: string | undefined;
  address: string;
  /** The scheduler's cycle of the job: the order of a target's deliveries. */
  cycle: number;
  counts: Record<string, number>;
}

/** A counter is identified by (address, target_uuid); without a uuid, by the address (its URL). */
export function identityOf(d: Pick<Delivery, 'uuid' | 'address'>): string {
  return d.uuid ? `${d.uuid}@${d.address}` : `http://${d.address}/errors`;
}

export class ReferenceModel {
  readonly totals = new Map<string, number>();
  private readonly last = new Map<string, { cycle: number; counts: Map<string, number> }>();

  merge(delivery: Delivery): void {
    const identity = identityOf(delivery);
    let state = this.last.get(identity);
    if (state && delivery.cycle < state.cycle) return; // stale: an older cycle
    if (!state) {
      state = { cycle: delivery.cycle, counts: new Map() };
      this.last.set(identity, state);
    }
    state.cycle = delivery.cycle;
    for (const [key, count] of Object.entries(delivery.counts)) {
      const previous = state.counts.get(key);
      let delta: number;
      if (previous === undefined) delta = count; // first sight from this counter
      else if (count >= previous) delta = count - previous;
      else if (delivery.uuid) delta = 0; // same process, lower count: keep the high-water mark
      else delta = count; // no uuid: a restart, the whole value is new
      state.counts.set(key, delivery.uuid && previous !== undefined ? Math.max(previous, count) : count);
      this.totals.set(key, (this.totals.get(key) ?? 0) + delta);
    }
  }
}
