/**
 * A body held in the chunks it was read in, addressed by offsets into the whole, so that parts
 * of it can be searched, copied and decoded without joining it into one buffer.
 */
export class ChunkedBody {
  readonly length: number;
  /** Offset of each chunk's first byte. */
  private readonly starts: number[];
  /** The chunk the last byteAt found: reads come in runs near one another. */
  private last = 0;

  constructor(private readonly chunks: readonly Buffer[]) {
    this.starts = new Array<number>(chunks.length);
    let at = 0;
    for (let c = 0; c < chunks.length; c++) {
      this.starts[c] = at;
      at += chunks[c].length;
    }
    this.length = at;
  }

  /** The byte at `offset`, or -1 outside the body. */
  byteAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return -1;
    const c = this.chunkAt(offset);
    return this.chunks[c][offset - this.starts[c]];
  }

  /** Offset of the first `needle` at or after `from`; one found across two chunks is found too. */
  indexOf(needle: Buffer, from: number): number {
    if (from < 0) from = 0;
    if (from >= this.length) return -1;
    for (let c = this.chunkAt(from); c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const base = this.starts[c];
      const within = chunk.indexOf(needle, Math.max(0, from - base));
      if (within >= 0) return base + within;
      if (c + 1 < this.chunks.length && needle.length > 1) {
        // The last bytes of this chunk and the first of the next, searched together.
        const tailStart = Math.max(base + chunk.length - needle.length + 1, from);
        const window = this.copy(tailStart, Math.min(this.length, base + chunk.length + needle.length - 1));
        const across = window.indexOf(needle);
        if (across >= 0) return tailStart + across;
      }
    }
    return -1;
  }

  /** Offset of the last `byte`, or -1. */
  lastIndexOfByte(byte: number): number {
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      const within = this.chunks[c].lastIndexOf(byte);
      if (within >= 0) return this.starts[c] + within;
    }
    return -1;
  }

  /** The first offset at or after `from` that is not JSON whitespace. */
  skipSpace(from: number): number {
    let at = from;
    while (isSpace(this.byteAt(at))) at++;
    return at;
  }

  /** The last offset at or before `from` that is not JSON whitespace. */
  skipSpaceBack(from: number): number {
    let at = from;
    while (isSpace(this.byteAt(at))) at--;
    return at;
  }

  /** Bytes [start, end) copied into `target` at `targetStart`. */
  copyInto(target: Buffer, targetStart: number, start: number, end: number): void {
    if (end <= start) return;
    let filled = targetStart;
    for (let c = this.chunkAt(start); start < end; c++) {
      const chunk = this.chunks[c];
      const base = this.starts[c];
      const to = Math.min(chunk.length, end - base);
      filled += chunk.copy(target, filled, start - base, to);
      start = base + to;
    }
  }

  /** Bytes [start, end) in a new buffer. */
  copy(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(Math.max(0, end - start));
    this.copyInto(out, 0, start, end);
    return out;
  }

  /** The UTF-8 text of bytes [start, end): straight from the chunk when they lie in one. */
  text(start: number, end: number): string {
    if (end <= start) return '';
    const c = this.chunkAt(start);
    const base = this.starts[c];
    if (end - base <= this.chunks[c].length) return this.chunks[c].toString('utf8', start - base, end - base);
    return this.copy(start, end).toString('utf8');
  }

  private chunkAt(offset: number): number {
    let c = this.last;
    if (offset < this.starts[c]) c = 0;
    while (c + 1 < this.chunks.length && offset >= this.starts[c + 1]) c++;
    this.last = c;
    return c;
  }
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
