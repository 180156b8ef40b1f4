/** Go's `time.Format(time.RFC3339)`: whole seconds, `Z` for UTC. */
export function rfc3339(date: Date | undefined): string | undefined {
  return date === undefined ? undefined : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One scalar as Prometheus writes it; undefined (and empty, which is the same) stays unset. */
export function labelValue(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return rfc3339(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(Math.trunc(v));
  return typeof v === 'string' && v !== '' ? v : undefined;
}
