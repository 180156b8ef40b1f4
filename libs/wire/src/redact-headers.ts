/**
 * Request headers whose values are secrets: captured HTTP contexts, request logs and this
 * server's own `/errors` show them as `[redacted]`. Names are compared case-insensitively;
 * `security.redact_headers` adds names to this list, it never removes any.
 */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = ['authorization', 'cookie', 'set-cookie', 'x-consul-token', 'proxy-authorization', 'x-api-key'];

export const REDACTED = '[redacted]';

// Deny-lists arrive as arrays (they travel in scrape jobs as JSON); each is turned into a set once.
const lowerSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function setOf(denyList: readonly string[]): ReadonlySet<string> {
  let set = lowerSets.get(denyList);
  if (!set) {
    set = new Set(denyList.map((name) => name.trim().toLowerCase()));
    lowerSets.set(denyList, set);
  }
  return set;
}

/** Whether a header's value must never be shown or stored. */
export function isRedactedHeader(name: string, denyList: readonly string[] = DEFAULT_REDACTED_HEADERS): boolean {
  return setOf(denyList).has(name.trim().toLowerCase());
}

/** The header's value, or `[redacted]` when its name is on the deny-list. */
export function redactHeaderValue(name: string, value: string, denyList: readonly string[] = DEFAULT_REDACTED_HEADERS): string {
  return isRedactedHeader(name, denyList) ? REDACTED : value;
}

/** A copy of `headers` with every deny-listed value replaced. */
export function redactHeaders(headers: Record<string, string>, denyList: readonly string[] = DEFAULT_REDACTED_HEADERS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = redactHeaderValue(name, value, denyList);
  return out;
}

/** The deny-list a configuration asks for: the defaults plus its own names, lower-cased, once each. */
export function redactedHeaderList(configured: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_REDACTED_HEADERS, ...configured.map((name) => name.trim().toLowerCase())])];
}
