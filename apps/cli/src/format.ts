import type { DiscoveredTarget, DroppedTarget, Labels } from '@periskop/discovery';

/** Prometheus's label-set notation: `{a="1", b="x"}`, names sorted, values JSON-escaped. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
}

export interface ServiceReport {
  service: string;
  active: DiscoveredTarget[];
  dropped: DroppedTarget[];
  errors: string[];
}

/**
 * One service's discovery as Prometheus's service-discovery page shows it: every discovered
 * target with its labels before relabeling, and either its labels after relabeling or why it
 * was dropped.
 */
export function formatServiceReport(report: ServiceReport): string {
  const lines = [`service ${report.service}: ${report.active.length} active, ${report.dropped.length} dropped`];
  for (const error of report.errors) lines.push(`  error: ${error}`);
  for (const target of report.active) {
    lines.push(`  target ${target.url}`);
    lines.push(`    discovered labels: ${formatLabels(target.discoveredLabels)}`);
    lines.push(`    target labels:     ${formatLabels(target.labels)}`);
  }
  for (const target of report.dropped) {
    lines.push(`  dropped (${target.reason})`);
    lines.push(`    discovered labels: ${formatLabels(target.discoveredLabels)}`);
  }
  return lines.join('\n');
}

export function formatCheckSuccess(file: string): string {
  return `SUCCESS: ${file} is valid`;
}

/** promtool-like failure: the file, then one `path (line N): reason` line per problem. */
export function formatCheckFailure(file: string, problems: string[]): string {
  return [`FAILED: ${file} is invalid`, ...problems.map((p) => `  ${p}`)].join('\n');
}
