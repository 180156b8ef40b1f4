/** What the simulated fleet looks like: every instance exports the same keys (the usual case). */
export interface FleetShape {
  instances: number;
  keys: number;
  samplesPerKey: number;
  /** New occurrences an instance records between two scrapes (spread over its keys). */
  growthPerScrape: number;
  /** Share of scrapes answered with HTTP 500 (no growth). */
  errorRate: number;
  /** Mean latency added before answering, ms (uniform between 0.5× and 1.5×). */
  latencyMs: number;
  /**
   * Share of instances that record occurrences between scrapes (1 when absent); the others
   * answer the same body every time, as most instances of a steady fleet do (B7).
   */
  changingShare?: number;
}

/** Whether instance i records new occurrences between scrapes: every (1 / changingShare)-th one. */
export function instanceChanges(shape: FleetShape, i: number): boolean {
  const share = shape.changingShare ?? 1;
  if (share >= 1) return true;
  if (share <= 0) return false;
  return i % Math.round(1 / share) === 0;
}

export const MAX_INSTANCES = 62_500 * 4;

/** Instance i lives at 127.a.b.c: distinct loopback addresses, all routed to `lo` on Linux. */
export function instanceAddress(i: number): string {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_INSTANCES) throw new Error(`instance index out of range: ${i}`);
  return `127.${20 + Math.floor(i / 62_500)}.${(Math.floor(i / 250) % 250) + 1}.${(i % 250) + 1}`;
}

/** The inverse of instanceAddress, or -1 for an address that is not one of the fleet's. */
export function instanceIndex(address: string | undefined): number {
  if (!address) return -1;
  const parts = address.replace(/^::ffff:/, '').split('.');
  if (parts.length !== 4 || parts[0] !== '127') return -1;
  const a = Number(parts[1]) - 20;
  const b = Number(parts[2]) - 1;
  const c = Number(parts[3]) - 1;
  if (a < 0 || b < 0 || b >= 250 || c < 0 || c >= 250) return -1;
  return a * 62_500 + b * 250 + c;
}

export function describeShape(s: FleetShape): string {
  return `${s.instances.toLocaleString('en-US')} × ${s.keys} keys × ${s.samplesPerKey} samples`;
}
