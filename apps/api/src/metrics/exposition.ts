import type { TargetCounts } from '@periskop/store';

export interface ServiceOccurrences {
  service: string;
  targets: TargetCounts[];
  /** aggregation key -> severity last reported */
  severities: Map<string, string>;
}

/**
 * Prometheus text for `periskop_error_occurrences`, a counter without `_total` as in Periskop.
 * `target` is the address the target was scraped at; two target ids at one address (a process
 * restarted with a new uuid) add up into its one series, so the series does not fall back while
 * the old id is still remembered.
 */
export function renderOccurrences(services: ServiceOccurrences[]): string {
  const lines = [
    '# HELP periskop_error_occurrences Occurrences of an error as the target last reported them, by service, severity, target and aggregation key.',
    '# TYPE periskop_error_occurrences counter',
  ];
  for (const { service, targets, severities } of services) {
    const byAddress = new Map<string, Map<string, number>>();
    for (const target of targets) {
      const address = target.address ?? target.targetId;
      let sums = byAddress.get(address);
      if (!sums) byAddress.set(address, (sums = new Map()));
      for (const [key, count] of Object.entries(target.counts)) sums.set(key, (sums.get(key) ?? 0) + count);
    }
    // Label text built once per key and per address, not once per series (500,000 at 10k × 50).
    const head = `periskop_error_occurrences{service_name="${escapeLabel(service)}",severity="`;
    const keyParts = new Map<string, { severity: string; key: string }>();
    const partsOf = (key: string) => {
      let parts = keyParts.get(key);
      if (!parts) keyParts.set(key, (parts = { severity: `${head}${escapeLabel(severities.get(key) ?? 'error')}",target="`, key: `",aggregation_key="${escapeLabel(key)}"} ` }));
      return parts;
    };
    for (const [address, sums] of byAddress) {
      const target = escapeLabel(address);
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
