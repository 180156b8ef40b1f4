/**
 * Rack (periskop-ruby's middleware) sends CGI environment names: `HTTP_ACCEPT`, `CONTENT_TYPE`.
 * Turn them back into HTTP header names so the dashboard's curl command is usable.
 */
const RACK_HEADER = /^HTTP_([A-Z0-9_]+)$/;
const RACK_PLAIN = new Set(['CONTENT_TYPE', 'CONTENT_LENGTH']);

export function normalizeHeaderName(name: string): string {
  const rack = RACK_HEADER.exec(name);
  const base = rack ? rack[1] : RACK_PLAIN.has(name) ? name : null;
  if (base === null) return name;
  return base
    .split('_')
    .map((part) => part.charAt(0) + part.slice(1).toLowerCase())
    .join('-');
}
