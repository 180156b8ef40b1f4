import { providerJson, ProviderRequest } from '../internal/provider-http';

/** Most pages a list may have: a server whose `next` link loops cannot hold a refresh forever. */
const MAX_PAGES = 10_000;

/**
 * Every item of an OpenStack collection (`servers`, `ports`, `floatingips`, …), following the
 * `<collection>_links` `next` link page after page, as gophercloud's pagers do for Nova,
 * Neutron and Octavia.
 */
export async function listAll<T>(url: string, collection: string, request: ProviderRequest, what: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = url;
  for (let page = 0; next !== undefined && page < MAX_PAGES; page++) {
    const answer: { json: Record<string, unknown> } = await providerJson<Record<string, unknown>>(next, request, what);
    const items = answer.json[collection];
    if (items !== undefined && items !== null && !Array.isArray(items)) throw new Error(`${what}: "${collection}" is not a list`);
    out.push(...((items as T[] | null) ?? []));
    const links = (answer.json[`${collection}_links`] as Array<{ rel?: string; href?: string }> | undefined) ?? [];
    const href = links.find((l) => l.rel === 'next')?.href;
    // An empty page ends the list even if a next link is offered.
    next = href && href !== next && (items as T[] | null)?.length ? new URL(href, next).toString() : undefined;
  }
  return out;
}
