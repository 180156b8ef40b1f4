/**
 * RFC 3339 timestamps as the official clients write them: 0–9 fractional digits, `Z` or an
 * offset (Go: RFC3339Nano; Python: 3 digits; Scala: JVM zone offset; Ruby: seconds).
 * Returns epoch milliseconds (sub-millisecond digits are dropped), or null when unreadable.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseTimestampMs(value: unknown): number | null {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string') return null;
  const utc = parseUtcForm(value);
  if (utc !== undefined) return utc;
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

/**
 * The form nearly every sample carries, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, read from its
 * characters: the same value RFC3339 gives, without the match array and its eight strings per
 * sample (a scrape reads hundreds). `undefined`: another form, left to the regular expression.
 */
function parseUtcForm(text: string): number | null | undefined {
  const n = text.length;
  if (n < 20 || n > 30 || (text.charCodeAt(n - 1) | 0x20) !== 0x7a /* z */) return undefined;
  const y = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const t = text.charCodeAt(10);
  if (y < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a) return undefined;
  if (t !== 0x54 && t !== 0x74 && t !== 0x20) return undefined;
  let ms = 0;
  if (n > 20) {
    // `.` or `,` and 1–9 digits before the Z.
    const sep = text.charCodeAt(19);
    if ((sep !== 0x2e && sep !== 0x2c) || n === 21 || digits(text, 20, n - 21) < 0) return undefined;
    for (let i = 20; i < 23; i++) ms = ms * 10 + (i < n - 1 ? text.charCodeAt(i) - 0x30 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  return Date.UTC(y, month - 1, day, hour, minute, second, ms);
}

/** The decimal number written by `count` ASCII digits at `at`, or -1. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Numeric epochs: seconds below 1e11 (year 5138), milliseconds above. */
function parseEpoch(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
}

export function toUnixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
