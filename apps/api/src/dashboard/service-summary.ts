import type { ServiceSummary, SeverityCounts, TargetView } from '@periskop/wire';
import type { ServiceIndex } from '../errors-index/service-index';

/** Unresolved keys and their occurrences per severity, newest occurrence, target health, and keys refused by the cap. */
export function summarizeService(name: string, index: ServiceIndex, targets: TargetView[], keysRefused = 0): ServiceSummary {
  const keys: SeverityCounts = { error: 0, warning: 0, info: 0 };
  const occurrences: SeverityCounts = { error: 0, warning: 0, info: 0 };
  let lastSeen: number | null = null;
  for (const s of index.summaries) {
    if (s.status === 'resolved') continue;
    const severity = (s.severity in keys ? s.severity : 'error') as keyof SeverityCounts;
    keys[severity] += 1;
    occurrences[severity] += s.total_count;
    if (lastSeen === null || s.last_seen > lastSeen) lastSeen = s.last_seen;
  }
  const health = { total: targets.length, up: 0, down: 0, unknown: 0 };
  for (const t of targets) health[t.health.status] += 1;
  return { name, keys, occurrences, last_seen: lastSeen, targets: health, keys_refused: keysRefused };
}
