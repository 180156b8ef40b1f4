import { UrlMatchResult, UrlSegment } from '@angular/router';

/**
 * Matches `:service/errors/<key>`. The key is normally one encoded segment (`a%2Fb` → `a/b`),
 * but alert templates that paste the raw key (`/#/svc/errors/a/b`) must open the same error,
 * so every segment after `errors` is joined back with `/`.
 */
export function errorDetailMatcher(segments: UrlSegment[]): UrlMatchResult | null {
  if (segments.length < 3 || segments[1].path !== 'errors') {
    return null;
  }
  const key = segments
    .slice(2)
    .map((s) => s.path)
    .join('/');
  return {
    consumed: segments,
    posParams: { service: segments[0], key: new UrlSegment(key, {}) },
  };
}

/** Router commands for an error's page; the key stays one segment whatever it contains. */
export function errorDetailCommands(service: string, key: string): string[] {
  return ['/', service, 'errors', key];
}

export function errorListCommands(service: string): string[] {
  return ['/', service];
}

/**
 * The deep link other tools build (Backstage plugin, Alertmanager templates): shared from the
 * detail page so people paste the same form everywhere.
 */
export function errorDeepLink(baseUrl: string, service: string, key: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/#/${encodeURIComponent(service)}/errors/${encodeURIComponent(key)}`;
}
