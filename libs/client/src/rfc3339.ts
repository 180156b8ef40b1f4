/**
 * A time as Go's `time.Time` marshals to JSON (RFC 3339 with nanoseconds, trailing zeros of
 * the fraction trimmed, UTC `Z`): `2020-02-17T22:42:45Z`, `2021-09-03T13:58:15.93Z`.
 * JavaScript dates carry milliseconds, so at most three fractional digits appear.
 */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => {
    const trimmed = ms.replace(/0+$/, '');
    return trimmed ? `.${trimmed}Z` : 'Z';
  });
}
