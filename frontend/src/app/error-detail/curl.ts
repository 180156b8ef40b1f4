import { HttpContext } from '@periskop/wire/payload';

/** Headers curl must compute itself: a recorded length is wrong as soon as the body is edited. */
const SKIPPED_HEADERS = new Set(['content-length']);

/**
 * A ready-to-paste `curl` command that replays a recorded request: method, URL, headers and
 * body. Every argument is single-quoted for POSIX shells, so recorded values (which are user
 * input of the failing service) cannot break out of the command.
 */
export function buildCurl(http: HttpContext): string {
  const method = (http.request_method || 'GET').toUpperCase();
  const headers = Object.entries(http.request_headers ?? {}).filter(([name]) => !SKIPPED_HEADERS.has(name.toLowerCase()));
  const body = http.request_body ?? '';
  const args: string[] = [];
  // curl sends GET by default and POST when given data; anything else is spelled out.
  if (!(method === 'GET' && !body) && !(method === 'POST' && body)) {
    args.push(`-X ${shellQuote(method)}`);
  }
  args.push(shellQuote(absoluteUrl(http.request_url, headers)));
  for (const [name, value] of headers) {
    args.push(`-H ${shellQuote(`${name}: ${String(value)}`)}`);
  }
  if (body) {
    args.push(`--data-raw ${shellQuote(body)}`);
  }
  return ['curl', ...args].join(' \\\n  ');
}

/** `it's` → `'it'\''s'`: the only character that needs care inside single quotes is `'`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Clients often record only the path (`/cart?id=1`). With a Host header the full URL can be
 * rebuilt; the scheme comes from X-Forwarded-Proto when a proxy left one, else http.
 */
function absoluteUrl(url: string, headers: [string, string][]): string {
  if (!url.startsWith('/')) {
    return url;
  }
  const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const host = header('host');
  if (!host) {
    return url;
  }
  const proto = (header('x-forwarded-proto') ?? 'http').split(',')[0].trim();
  return `${proto}://${host}${url}`;
}
