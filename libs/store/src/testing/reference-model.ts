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
  /** Severity per key (absent: "error"). */
  severities?: Record<string, string>;
}

/** A counter is identified by (address, target_uuid); without a uuid, by the address (its URL). */
export function identityOf(d: Pick<Delivery, 'uuid' | 'address'>): string {
  return d.uuid ? `${d.uuid}@${d.address}` : `http://${d.address}/errors`;
}

/** What the error list shows of a key: the parts its indexes depend on besides times. */
export interface ModelKey {
  count: number;
  severity: string;
  resolved: boolean;
}

export class ReferenceModel {
  /** Count per key the service holds. */
  readonly totals = new Map<string, number>();
  /** Severity and resolve state per key the service holds. */
  readonly keys = new Map<string, { severity: string; resolved: boolean }>();
  /** New keys refused because the service held maxKeys keys. */
  refused = 0;
  private readonly last = new Map<string, { cycle: number; counts: Map<string, number> }>();

  /** `maxKeys`: aggregation.limits.max_keys_per_service (a new key past it is refused). */
  constructor(private readonly maxKeys = Infinity) {}

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
      const severity = delivery.severities?.[key] ?? 'error';
      const known = this.keys.get(key);
      if (!known && this.keys.size >= this.maxKeys) {
        this.refused += 1; // refused: nothing of it is remembered, not even this target's count
        continue;
      }
      const previous = state.counts.get(key);
      let delta: number;
      if (previous === undefined)
        delta = count; // first sight from this counter
      else if (count >= previous) delta = count - previous;
      else if (delivery.uuid)
        delta = 0; // same process, lower count: keep the high-water mark
      else delta = count; // no uuid: a restart, the whole value is new
      state.counts.set(key, delivery.uuid && previous !== undefined ? Math.max(previous, count) : count);
      this.totals.set(key, (this.totals.get(key) ?? 0) + delta);
      if (!known) this.keys.set(key, { severity, resolved: false });
      else if (delta > 0) {
        // Growth takes the latest severity, and brings a resolved key back (a regression).
        known.severity = severity;
        known.resolved = false;
      }
    }
  }

  /** Resolving a key the service holds leaves its count; it shows again when it grows. */
  resolve(key: string): void {
    const known = this.keys.get(key);
    if (known) known.resolved = true;
  }

  /** Key retention forgot the key: it is new again when next reported (targets keep their counts). */
  expire(key: string): void {
    this.keys.delete(key);
    this.totals.delete(key);
  }

  /** Every key the service holds, with what the error list shows of it. */
  listed(): Map<string, ModelKey> {
    const out = new Map<string, ModelKey>();
    for (const [key, { severity, resolved }] of this.keys) out.set(key, { count: this.totals.get(key) ?? 0, severity, resolved });
    return out;
  }
}
