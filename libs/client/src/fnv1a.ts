const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;
const UTF8 = new TextEncoder();

/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text` — Go's `hash/fnv` `New32a`, which periskop-go
 * uses for its aggregation keys. Rendered as lower-case hex without zero padding (Go's `%x`).
 */
export function fnv1a32Hex(text: string): string {
  let hash = OFFSET_BASIS;
  for (const byte of UTF8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, PRIME) >>> 0;
  }
  return hash.toString(16);
}
