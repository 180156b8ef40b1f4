import type { ErrorTotals } from '@periskop/store';
import type { ServiceSummary, SeverityCounts, TargetView } from '@periskop/wire';

/**
 * Unresolved keys and their occurrences per severity, newest occurrence, target health, and keys
 * refused by the cap. The counts come from the totals the merge keeps: no key is read. A severity
 * other than error, warning or info counts as an error.
 */
export function summarizeService(name: string, totals: ErrorTotals, targets: TargetView[], keysRefused = 0): ServiceSummary {
  const keys: SeverityCounts = { error: 0, warning: 0, info: 0 };
  const occurrences: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const [stored, cell] of Object.entries(totals.active)) {
    const severity = (Object.hasOwn(keys, stored) ? stored : 'error') as keyof SeverityCounts;
    keys[severity] += cell.keys;
    occurrences[severity] += cell.occurrences;
  }
  const health = { total: targets.length, up: 0, down: 0, unknown: 0 };
  for (const t of targets) health[t.health.status] += 1;
  return { name, keys, occurrences, last_seen: totals.activeLastSeen, targets: health, keys_refused: keysRefused };
}
