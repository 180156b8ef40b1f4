import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Go's path/filepath Glob and Match (Unix): `*` is any run of characters except `/`, `?` one
 * such character, `[...]` a class with ranges and `^` negation, `\` escapes. There is no `**`,
 * and a leading dot is not special. Results come per directory in sorted name order.
 */

export class GlobPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

const META = /[*?[\\]/;

export function hasGlobMeta(path: string): boolean {
  return META.test(path);
}

export function goGlob(pattern: string): string[] {
  validatePattern(pattern);
  if (!hasGlobMeta(pattern)) {
    try {
      lstatSync(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const slash = pattern.lastIndexOf('/');
  const dir = cleanDir(pattern.slice(0, slash + 1));
  const file = pattern.slice(slash + 1);
  if (!hasGlobMeta(dir)) return globDir(dir, file);
  if (dir === pattern) throw new GlobPatternError();
  return goGlob(dir).flatMap((d) => globDir(d, file));
}

function cleanDir(dir: string): string {
  if (dir === '') return '.';
  if (dir === '/') return dir;
  return dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

function globDir(dir: string, pattern: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) return [];
    return readdirSync(dir)
      .sort()
      .filter((name) => goMatch(pattern, name))
      .map((name) => join(dir, name));
  } catch {
    return []; // Go's Glob ignores I/O errors such as an unreadable directory
  }
}

/** Throws GlobPatternError for a malformed pattern (unclosed class, trailing `\`). */
function validatePattern(pattern: string): void {
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\') {
      if (i + 1 >= chars.length) throw new GlobPatternError();
      i++;
    } else if (chars[i] === '[') {
      const end = classEnd(chars, i);
      if (end < 0) throw new GlobPatternError();
      i = end;
    }
  }
}

/** Index of the `]` closing the class that opens at `start`, or -1. */
function classEnd(p: string[], start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  // Go needs at least one range: `[]` and `[^]` are malformed rather than a literal `]`.
  if (p[i] === ']') return -1;
  while (i < p.length) {
    if (p[i] === ']') return i;
    if (p[i] === '\\') i++;
    i++;
  }
  return -1;
}

/** Go filepath.Match for one path segment. */
export function goMatch(pattern: string, name: string): boolean {
  return matchAt([...pattern], 0, [...name], 0);
}

function matchAt(p: string[], pi: number, s: string[], si: number): boolean {
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi] === '*') pi++;
      // `*` never crosses a separator; try every split of the remaining segment.
      for (let k = si; k <= s.length; k++) {
        if (matchAt(p, pi, s, k)) return true;
        if (s[k] === '/') return false;
      }
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      if (s[si] === '/') return false;
    } else if (c === '[') {
      const end = classEnd(p, pi);
      if (end < 0) throw new GlobPatternError();
      if (!classMatches(p.slice(pi + 1, end), s[si])) return false;
      pi = end;
    } else if (c === '\\') {
      pi++;
      if (pi >= p.length) throw new GlobPatternError();
      if (p[pi] !== s[si]) return false;
    } else if (c !== s[si]) {
      return false;
    }
    pi++;
    si++;
  }
  return si === s.length;
}

function classMatches(body: string[], ch: string): boolean {
  let i = 0;
  const negated = body[0] === '^';
  if (negated) i++;
  const cp = ch.codePointAt(0)!;
  let matched = false;
  while (i < body.length) {
    let lo = body[i];
    if (lo === '\\') lo = body[++i];
    i++;
    let hi = lo;
    if (body[i] === '-' && i + 1 < body.length) {
      hi = body[i + 1] === '\\' ? body[i + 2] : body[i + 1];
      i += body[i + 1] === '\\' ? 3 : 2;
    }
    if (lo.codePointAt(0)! <= cp && cp <= hi.codePointAt(0)!) matched = true;
  }
  return matched !== negated;
}
