import type { Breakdown } from '@periskop/wire';

/**
 * Reads a key's breakdown hash as merge-payload-n.lua writes it (see keys.ts `breakdown`):
 *   `<label>\n<value>`  -> `count|firstSeenMs|lastSeenMs` (value "" holds the values folded into "other")
 *   `~<label>\n<value>` -> `hour:count,…` hourly counts of that value (includes/breakdown-trend.lua)
 * Label names never start with `~` (Prometheus label names), so the two kinds never mix.
 */
const TREND_PREFIX = '~';

/** Hours of the per-value trend the error page shows (the merge keeps as many). */
export const BREAKDOWN_TREND_HOURS = 24;
const HOUR_MS = 3_600_000;

export interface BreakdownDetail {
  breakdown: Breakdown;
  /** Per label, the value the key was first seen in (see `firstSeenIn`). */
  firstSeenIn: Record<string, string>;
}

interface Tally {
  label: string;
  value: string;
  count: number;
  firstMs: number;
  lastMs: number;
}

function splitField(field: string): { label: string; value: string } | null {
  const cut = field.indexOf('\n');
  return cut < 0 ? null : { label: field.slice(0, cut), value: field.slice(cut + 1) };
}

function tallies(raw: Record<string, string>): Tally[] {
  const out: Tally[] = [];
  for (const [field, tally] of Object.entries(raw)) {
    if (field.startsWith(TREND_PREFIX)) continue;
    const parts = splitField(field);
    const [count, firstMs, lastMs] = tally.split('|').map(Number);
    if (!parts || [count, firstMs, lastMs].some((n) => !Number.isFinite(n))) continue;
    out.push({ ...parts, count, firstMs, lastMs });
  }
  return out;
}

/** Label -> its values, most frequent first, "other" last; times in Unix seconds. */
export function parseBreakdown(raw: Record<string, string>): Breakdown {
  const out: Breakdown = {};
  for (const t of tallies(raw)) {
    (out[t.label] ??= []).push({
      value: t.value,
      count: t.count,
      first_seen: Math.floor(t.firstMs / 1000),
      last_seen: Math.floor(t.lastMs / 1000),
      ...(t.value === '' ? { other: true } : {}),
    });
  }
  for (const values of Object.values(out)) values.sort((a, b) => Number(a.other ?? false) - Number(b.other ?? false) || b.count - a.count || a.value.localeCompare(b.value));
  return out;
}

/**
 * Per label, the value with the earliest first sighting (compared in ms, so targets merged a
 * moment apart still differ). A label whose "other" was seen before every kept value is left
 * out: the value the key first appeared in was folded away past the cap, and is not known.
 */
export function firstSeenIn(raw: Record<string, string>): Record<string, string> {
  const earliest = new Map<string, Tally>();
  const otherFirst = new Map<string, number>();
  for (const t of tallies(raw)) {
    if (t.value === '') {
      otherFirst.set(t.label, t.firstMs);
      continue;
    }
    const best = earliest.get(t.label);
    if (!best || t.firstMs < best.firstMs || (t.firstMs === best.firstMs && t.value.localeCompare(best.value) < 0)) earliest.set(t.label, t);
  }
  const out: Record<string, string> = {};
  for (const [label, t] of [...earliest].sort(([a], [b]) => a.localeCompare(b))) {
    const other = otherFirst.get(label);
    if (other === undefined || other >= t.firstMs) out[label] = t.value;
  }
  return out;
}

/** `hour:count,…` -> counts of the `hours` hours ending with the one of `nowMs`, oldest first. */
export function trendOf(ring: string | undefined, nowMs: number, hours = BREAKDOWN_TREND_HOURS): number[] {
  const current = Math.floor(nowMs / HOUR_MS);
  const out = new Array<number>(hours).fill(0);
  for (const bucket of (ring ?? '').split(',')) {
    const [hour, count] = bucket.split(':').map(Number);
    const slot = hour - (current - hours + 1);
    if (Number.isInteger(slot) && slot >= 0 && slot < hours && Number.isFinite(count)) out[slot] += count;
  }
  return out;
}

/** The breakdown with each value's hourly trend, and the value each label was first seen in. */
export function breakdownDetail(raw: Record<string, string>, nowMs: number): BreakdownDetail {
  const breakdown = parseBreakdown(raw);
  for (const [label, values] of Object.entries(breakdown)) {
    for (const v of values) v.trend = trendOf(raw[`${TREND_PREFIX}${label}\n${v.value}`], nowMs);
  }
  return { breakdown, firstSeenIn: firstSeenIn(raw) };
}
