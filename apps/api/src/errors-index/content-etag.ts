import { createHash } from 'node:crypto';

/**
 * An ETag derived from what the answer says, not from the service's version: while errors pour
 * in, the version moves many times a second, but a poll of a page whose keys did not change is
 * still answered with a bodiless 304. Weak: the same content may go out in several encodings.
 */
export function contentEtag(content: string | Buffer): string {
  return `W/"${createHash('sha1').update(content).digest('base64url').slice(0, 22)}"`;
}

/**
 * The same ETag for an answer that also varies with something outside its content (the detail's
 * breakdown trend, anchored to the current hour): the tag stays weak and quoted.
 */
export function etagVariant(etag: string, variant: string | number): string {
  return `${etag.slice(0, -1)}-${variant}"`;
}

/** True when an If-None-Match header (one tag, a list, or `*`) names the answer's ETag. */
export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
