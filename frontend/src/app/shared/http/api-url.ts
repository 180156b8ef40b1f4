/**
 * Paths are relative to the document's base href ("/"), so the dashboard keeps working when a
 * reverse proxy mounts the API under a prefix and rewrites the base.
 */
export function apiPath(...segments: string[]): string {
  return ['api', ...segments.map(encodeURIComponent)].join('/');
}
