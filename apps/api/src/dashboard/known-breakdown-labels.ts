import type { KnownLabelValue, TargetView } from '@periskop/wire';

/** Values listed per label: enough to pick a filter from, short enough for a services table. */
export const KNOWN_VALUES_PER_LABEL = 10;

/**
 * Per breakdown label, the values the service's discovered targets carry (after relabeling, the
 * values the merge counts by), most targets first. Read from the targets, not from every key's
 * breakdown: the services page polls it, and a service may hold tens of thousands of keys.
 */
export function knownBreakdownLabels(targets: readonly TargetView[], breakdownLabels: readonly string[]): Record<string, KnownLabelValue[]> {
  const out: Record<string, KnownLabelValue[]> = {};
  for (const label of breakdownLabels) {
    const counts = new Map<string, number>();
    for (const t of targets) {
      const value = t.labels[label];
      if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    out[label] = [...counts]
      .map(([value, n]) => ({ value, targets: n }))
      .sort((a, b) => b.targets - a.targets || a.value.localeCompare(b.value, undefined, { numeric: true }))
      .slice(0, KNOWN_VALUES_PER_LABEL);
  }
  return out;
}
