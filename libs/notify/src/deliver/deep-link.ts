/**
 * The dashboard's link to one error, `<external_url>/#/<service>/errors/<key>`, with service and
 * key encoded as the dashboard's router expects (frontend/src/app/shared/routing/error-route.ts,
 * `errorDeepLink`): one segment each, whatever the key contains.
 */
export function errorDeepLink(externalUrl: string, service: string, key: string): string {
  return `${externalUrl.replace(/\/+$/, '')}/#/${encodeURIComponent(service)}/errors/${encodeURIComponent(key)}`;
}
