import { TargetView, TargetsView } from '@periskop/wire/api';

export interface HealthCounts {
  up: number;
  down: number;
  unknown: number;
}

export interface ServiceTargets {
  readonly service: string;
  readonly targets: readonly TargetView[];
  readonly counts: HealthCounts;
}

export function healthCounts(targets: readonly TargetView[]): HealthCounts {
  const counts: HealthCounts = { up: 0, down: 0, unknown: 0 };
  for (const t of targets) {
    counts[t.health.status] = (counts[t.health.status] ?? 0) + 1;
  }
  return counts;
}

/** A target needs attention when its scrape fails or parts of its payload were refused. */
export function isFailing(target: TargetView): boolean {
  return target.health.status === 'down' || target.health.refused.length > 0;
}

function matches(target: TargetView, text: string): boolean {
  if (!text) {
    return true;
  }
  const labels = Object.entries(target.labels).map(([k, v]) => `${k}=${v}`);
  return [target.endpoint, target.url, target.health.error ?? '', ...labels].some((s) => s.toLowerCase().includes(text));
}

/**
 * Services in the order an on-call engineer wants them: those with failing targets first,
 * then by name; targets inside a service failing first, then by endpoint.
 */
export function groupTargets(view: TargetsView, filter: string, onlyFailing: boolean): ServiceTargets[] {
  const text = filter.trim().toLowerCase();
  return Object.entries(view)
    .map(([service, all]) => {
      const targets = all
        .filter((t) => (!onlyFailing || isFailing(t)) && (matches(t, text) || service.toLowerCase().includes(text)))
        .sort((a, b) => Number(isFailing(b)) - Number(isFailing(a)) || a.endpoint.localeCompare(b.endpoint));
      return { service, targets, counts: healthCounts(all) };
    })
    .filter((s) => s.targets.length > 0)
    .sort((a, b) => Number(b.counts.down > 0) - Number(a.counts.down > 0) || a.service.localeCompare(b.service));
}
