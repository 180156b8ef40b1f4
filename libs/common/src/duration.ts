/**
 * Prometheus's duration grammar (prometheus/common model.ParseDuration): `0`, or `<digits><unit>`
 * pairs with units y w d h m s ms, each at most once and in decreasing order (`1m30s`, `1h`).
 * Milliseconds as a Number are exact up to the grammar's int64-nanosecond limit.
 */
const UNITS: ReadonlyArray<[string, number]> = [
  ['y', 365 * 24 * 3_600_000],
  ['w', 7 * 24 * 3_600_000],
  ['d', 24 * 3_600_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];
const MAX_MS = 9_223_372_036_854; // int64 nanoseconds, as milliseconds
const PAIR = /(\d+)(\D+)/y;

export function parseDuration(text: string): number {
  if (text === '') throw new Error('empty duration string');
  if (text === '0') return 0;
  let total = 0;
  let lastUnitIndex = -1;
  PAIR.lastIndex = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = PAIR.exec(text)) !== null) {
    consumed = PAIR.lastIndex;
    const unitIndex = UNITS.findIndex(([u]) => u === match![2]);
    if (unitIndex < 0) throw new Error(`unknown unit ${JSON.stringify(match[2])} in duration ${JSON.stringify(text)}`);
    if (unitIndex <= lastUnitIndex) throw new Error(`not a valid duration string: ${JSON.stringify(text)}`);
    lastUnitIndex = unitIndex;
    total += Number(match[1]) * UNITS[unitIndex][1];
    if (total > MAX_MS) throw new Error('duration out of range');
  }
  if (consumed !== text.length || lastUnitIndex < 0) throw new Error(`not a valid duration string: ${JSON.stringify(text)}`);
  return total;
}

/** Formats like Prometheus's Duration.String(): `1m30s`, `2w`, `0s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of UNITS) {
    // Years and weeks only when they divide the remainder exactly, as Prometheus prints them.
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
