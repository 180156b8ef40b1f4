import { Injectable } from '@angular/core';
import { DefaultUrlSerializer, UrlTree } from '@angular/router';

/**
 * Aggregation keys are arbitrary text (`TypeError@handler (app.js:12)`, `a/b c`, `50% failed`)
 * and arrive in links written by other tools: the Backstage plugin and alert templates use
 * `encodeURIComponent(key)`, which leaves `(` `)` unescaped, and hand-written links may hold a
 * raw `;` or a lone `%`. Angular's default parser reads `( )` as auxiliary outlets and `;` as
 * matrix parameters, and throws on a malformed `%`. The dashboard uses neither outlets nor
 * matrix parameters, so before parsing the path those characters are escaped to their literal
 * meaning. The default parser then decodes every segment exactly once (so `%2F` stays inside
 * its segment and becomes `/`). Serializing is left to the default, which escapes `/ ( ) ;`.
 */
@Injectable()
export class KeySafeUrlSerializer extends DefaultUrlSerializer {
  override parse(url: string): UrlTree {
    return super.parse(escapePathLiterals(url));
  }
}

export function escapePathLiterals(url: string): string {
  const cut = url.search(/[?#]/);
  const path = cut < 0 ? url : url.slice(0, cut);
  const rest = cut < 0 ? '' : url.slice(cut);
  const escaped = path
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/;/g, '%3B');
  return escaped + rest;
}
