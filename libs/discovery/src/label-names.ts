import { isValidUtf8 } from './relabel/go-strings';

/**
 * Label names under Prometheus 3's default (UTF-8) validation scheme: any non-empty, valid
 * UTF-8 string, so `service.name` and `0abc` are valid.
 */
export function isValidLabelName(name: string): boolean {
  return name !== '' && isValidUtf8(name);
}

/** Prometheus's strutil.SanitizeLabelName: every character outside `[a-zA-Z0-9_]` becomes `_`. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}
