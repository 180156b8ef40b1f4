import type { FollowRedirects } from '@periskop/config';

/** Hops followed at most, as before this policy existed (axios's `maxRedirects: 3`). */
export const MAX_REDIRECTS = 3;

export type RedirectDecision =
  /** `foreignHost`: the next hop is not the target's own host, so nothing identifying (client certificate, server name) goes there. */
  { follow: true; foreignHost: boolean } | { follow: false; reason: string };

/**
 * Whether a scrape follows a redirect from `from` to `to`. Hosts are compared with the
 * target's own URL (`origin`), not the previous hop, so a chain cannot walk away one hop at a
 * time. Kept apart from the HTTP client so the policy survives a change of client.
 */
export function decideRedirect(policy: FollowRedirects, origin: URL, from: URL, to: URL, hopsSoFar: number): RedirectDecision {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return { follow: false, reason: `redirect to an unsupported scheme ${to.protocol}` };
  if (policy === 'none') return { follow: false, reason: 'redirect refused (scraper.follow_redirects: none)' };
  if (hopsSoFar >= MAX_REDIRECTS) return { follow: false, reason: `more than ${MAX_REDIRECTS} redirects` };
  const foreignHost = to.hostname !== origin.hostname;
  if (policy === 'same_host') {
    if (foreignHost) return { follow: false, reason: `redirect to another host refused (scraper.follow_redirects: same_host)` };
    if (from.protocol === 'https:' && to.protocol === 'http:') return { follow: false, reason: 'redirect from https to http refused (scraper.follow_redirects: same_host)' };
  }
  return { follow: true, foreignHost };
}

/** The statuses that carry a Location to follow (304 Not Modified is not one). */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
