import { displayTarget, type TargetCounts } from '@periskop/store';

export interface ServiceOccurrences {
  service: string;
  targets: TargetCounts[];
  /** aggregation key -> severity last reported */
  severities: Map<string, string>;
}

/**
 * Prometheus text for `periskop_error_occurrences`, a counter without `_total` as in Periskop.
 * `target` is what the original names: the client's `target_uuid`, or the scraped URL when it
 * sends none. Counters are kept per (address, uuid); instances that share one uuid (a collector
 * created before a pre-forking server forks) add up into that uuid's one series.
 */
export function renderOccurrences(services: ServiceOccurrences[]): string {
  const lines = [
    '# HELP periskop_error_occurrences Occurrences of an error as the target last reported them, by service, severity, target and aggregation key.',
    '# TYPE periskop_error_occurrences counter',
  ];
  for (const { service, targets, severities } of services) {
    const byTarget = new Map<string, Map<string, number>>();
    for (const target of targets) {
      const label = displayTarget(target.targetId, target.address);
      let sums = byTarget.get(label);
      if (!sums) byTarget.set(label, (sums = new Map()));
      for (const [key, count] of Object.entries(target.counts)) sums.set(key, (sums.get(key) ?? 0) + count);
    }
    // Label text built once per key and per target, not once per series (500,000 at 10k × 50).
    const head = `periskop_error_occurrences{service_name="${escapeLabel(service)}",severity="`;
    const keyParts = new Map<string, { severity: string; key: string }>();
    const partsOf = (key: string) => {
      let parts = keyParts.get(key);
      if (!parts) keyParts.set(key, (parts = { severity: `${head}${escapeLabel(severities.get(key) ?? 'error')}",target="`, key: `",aggregation_key="${escapeLabel(key)}"} ` }));
      return parts;
    };
    for (const [label, sums] of byTarget) {
      const target = escapeLabel(label);
      for (const [key, count] of sums) {
        const parts = partsOf(key);
        lines.push(parts.severity + target + parts.key + count);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Prometheus text for `periskop_instances_scrapped`: targets the last cycle discovered, per service. */
export function renderInstances(services: Array<{ service: string; targets: number }>): string {
  const lines = [
    '# HELP periskop_instances_scrapped Targets resolved by service discovery in the last cycle, per service.',
    '# TYPE periskop_instances_scrapped gauge',
    ...services.map(({ service, targets }) => `periskop_instances_scrapped{service_name="${escapeLabel(service)}"} ${targets}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The exposition format's label value escapes: backslash, double quote and line feed. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
