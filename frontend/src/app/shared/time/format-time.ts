const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "42s ago", "5m ago", "3h ago", "12d ago": coarse on purpose, the absolute time is one hover
 * away. Times are Unix seconds as the API sends them; `nowMs` is epoch milliseconds.
 */
export function formatRelative(unixSeconds: number | null | undefined, nowMs: number): string {
  if (unixSeconds === null || unixSeconds === undefined || !Number.isFinite(unixSeconds)) {
    return 'never';
  }
  const delta = Math.round(nowMs / 1000 - unixSeconds);
  const future = delta < 0;
  const abs = Math.abs(delta);
  if (abs < 5) {
    return 'just now';
  }
  const text =
    abs < MINUTE
      ? `${abs}s`
      : abs < HOUR
        ? `${Math.floor(abs / MINUTE)}m`
        : abs < DAY
          ? `${Math.floor(abs / HOUR)}h`
          : abs < 365 * DAY
            ? `${Math.floor(abs / DAY)}d`
            : `${Math.floor(abs / (365 * DAY))}y`;
  // Clocks of scraped instances drift: a timestamp slightly ahead of ours is still shown.
  return future ? `in ${text}` : `${text} ago`;
}

/** Local time with its UTC offset, sortable and unambiguous: `2025-11-25 10:24:03 +01:00`. */
export function formatAbsolute(unixSeconds: number | null | undefined): string {
  if (unixSeconds === null || unixSeconds === undefined || !Number.isFinite(unixSeconds)) {
    return '';
  }
  const d = new Date(unixSeconds * 1000);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const off = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${off}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
