import { BadRequestException } from '@nestjs/common';
import type { Breakdown, ErrorSummary } from '@periskop/wire';

/** `label=name=value` parameters, grouped by label name: values of one name are alternatives. */
export type LabelFilter = Map<string, Set<string>>;

/**
 * Parses the repeatable `label` query parameter (`version=2.0`, URL-encoded as `version%3D2.0`).
 * Several values of one label match any of them; different labels must all match.
 */
export function parseLabelFilter(raw: string | string[] | undefined): LabelFilter | null {
  if (raw === undefined) return null;
  const filter: LabelFilter = new Map();
  for (const param of Array.isArray(raw) ? raw : [raw]) {
    const cut = param.indexOf('=');
    if (cut <= 0) throw new BadRequestException(`label ${JSON.stringify(param)}: expected name=value, e.g. label=version%3D2.0`);
    const name = param.slice(0, cut);
    const value = param.slice(cut + 1);
    if (value === '') throw new BadRequestException(`label ${JSON.stringify(param)}: the value is empty`);
    if (!filter.has(name)) filter.set(name, new Set());
    filter.get(name)!.add(value);
  }
  return filter;
}

/**
 * Keeps the keys whose breakdown holds a matching value of every filtered label, with the counts
 * of the matching values: per label the sum over its matching values, and with several labels
 * the smallest of those sums (the breakdown counts each label on its own, so no joint count
 * exists; the smallest is the bound the others cannot exceed). New objects: the summaries are
 * shared by every request of this version.
 */
export function filterByLabels(summaries: ErrorSummary[], breakdowns: Map<string, Breakdown>, filter: LabelFilter): ErrorSummary[] {
  const out: ErrorSummary[] = [];
  for (const summary of summaries) {
    const breakdown = breakdowns.get(summary.aggregation_key) ?? {};
    let count = Infinity;
    for (const [name, values] of filter) {
      const matching = (breakdown[name] ?? []).filter((v) => !v.other && values.has(v.value));
      if (matching.length === 0) {
        count = -1;
        break;
      }
      count = Math.min(
        count,
        matching.reduce((n, v) => n + v.count, 0),
      );
    }
    if (count < 0) continue;
    out.push({ ...summary, total_count: count, count_since_resolved: Math.min(summary.count_since_resolved, count) });
  }
  return out;
}
