/**
 * RFC 3339 timestamps as the official clients write them: 0–9 fractional digits, `Z` or an
 * offset (Go: RFC3339Nano; Python: 3 digits; Scala: JVM zone offset; Ruby: seconds).
 * Returns epoch milliseconds (sub-millisecond digits are dropped), or null when unreadable.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseTimestampMs(value: unknown): number | null {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string') return null;
  const m = RFC3339.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  // A timestamp without a zone is read as UTC: more useful than refusing it, as Go's decoder does.
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    t -= sign * offsetMin * 60_000;
  }
  return Number.isFinite(t) ? t : null;
}

/** Numeric epochs: seconds below 1e11 (year 5138), milliseconds above. */
function parseEpoch(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}

export function toUnixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
