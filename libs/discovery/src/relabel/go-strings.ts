/**
 * String helpers that behave like Go's rather than JavaScript's where the two disagree.
 */

// Go's strings.ToUpper maps rune by rune with Unicode *simple* mappings. Where JS's full mapping
// expands one code point into several, the simple mapping is either the code point itself or,
// for Greek letters with ypogegrammeni, the matching prosgegrammeni (titlecase) letter.
function simpleUpperOfExpanding(cp: number): number {
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) return cp + 8;
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return cp;
}

// The only code point whose full lowercase mapping expands is U+0130 (İ); its simple mapping is 'i'.
function simpleLowerOfExpanding(cp: number): number {
  return cp === 0x130 ? 0x69 : cp;
}

function mapRunes(text: string, full: (s: string) => string, fallback: (cp: number) => number): string {
  let out = '';
  // Mapping each code point alone also avoids JS's context rule for a word-final sigma.
  for (const ch of text) {
    const mapped = full(ch);
    out += [...mapped].length === 1 ? mapped : String.fromCodePoint(fallback(ch.codePointAt(0)!));
  }
  return out;
}

/** Go strings.ToLower. */
export function goToLower(text: string): string {
  return mapRunes(text, (s) => s.toLowerCase(), simpleLowerOfExpanding);
}

/** Go strings.ToUpper. */
export function goToUpper(text: string): string {
  return mapRunes(text, (s) => s.toUpperCase(), simpleUpperOfExpanding);
}

/** Orders strings by code point, which is Go's byte order on UTF-8 (JS compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A JS string encodes to valid UTF-8 unless it holds an unpaired surrogate. */
export function isValidUtf8(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
