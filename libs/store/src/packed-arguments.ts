import type { NormalizedAggregate, NormalizedOccurrence } from '@periskop/wire';

/**
 * The merge script's packed arguments (lua/includes/packed-arguments.lua): one per aggregate and
 * one per sample instead of one per field, since every argument costs ioredis ≈1 µs and Redis a
 * string of its own. Each is a binary header (little-endian, read by Redis's struct.unpack: no
 * number is parsed from text) followed by its texts back to back as UTF-8; the header gives each
 * text's length in bytes, and the script cuts the texts at those offsets, so they may hold anything.
 *
 * aggregate  f64 total_count, f64 createdAtMs, f64 sample count, u32 severity bytes | severity | key
 * sample     f64 timestampMs, u32 uuid bytes, u32 class bytes, u32 message bytes, i32 search bytes
 *            | uuid | class | message | search text | occurrence JSON (the rest)
 *
 * Numbers are doubles, as Lua's own: the script reads the same values the decimal text of the
 * earlier layout gave it. Search bytes -1: the search text of the aggregate's previous sample
 * (samples of one key mostly share their stack trace, and the search text is ≈40 % of a sample's
 * bytes: on the bench payloads JSON 1,365, search text 896, class and message 103 bytes).
 */
export const AGGREGATE_HEADER_BYTES = 28;
export const SAMPLE_HEADER_BYTES = 24;

/** Slabs the packed arguments of a call are written into: one allocation per 16 KB of arguments, not per argument (and far below glibc's mmap threshold, so their memory is reused). */
const SLAB_BYTES = 16 * 1024;

/** Packs a call's arguments as views into shared slabs (a Buffer argument is copied once into the command by ioredis). */
export class ArgumentPacker {
  private slab = Buffer.alloc(0);
  private used = 0;

  aggregate(aggregate: NormalizedAggregate, sampleCount: number): Buffer {
    const severityBytes = Buffer.byteLength(aggregate.severity);
    const at = this.reserve(AGGREGATE_HEADER_BYTES + severityBytes + Buffer.byteLength(aggregate.key));
    const slab = this.slab;
    // + 0: a -0 goes as 0, as its decimal text did.
    slab.writeDoubleLE(aggregate.totalCount + 0, at);
    slab.writeDoubleLE(aggregate.createdAtMs + 0, at + 8);
    slab.writeDoubleLE(sampleCount, at + 16);
    slab.writeUInt32LE(severityBytes, at + 24);
    let end = at + AGGREGATE_HEADER_BYTES;
    end += slab.write(aggregate.severity, end, 'utf8');
    end += slab.write(aggregate.key, end, 'utf8');
    return this.take(at, end);
  }

  /** A sample; its search text goes as "the previous sample's" (-1) when it equals `previousSearch`. */
  sample(o: NormalizedOccurrence, previousSearch: string | undefined): Buffer {
    const search = o.searchText;
    const repeated = search === previousSearch;
    const uuidBytes = Buffer.byteLength(o.uuid);
    const classBytes = Buffer.byteLength(o.errorClass);
    const messageBytes = Buffer.byteLength(o.message);
    const searchBytes = repeated ? 0 : Buffer.byteLength(search);
    const at = this.reserve(SAMPLE_HEADER_BYTES + uuidBytes + classBytes + messageBytes + searchBytes + Buffer.byteLength(o.json));
    const slab = this.slab;
    slab.writeDoubleLE(o.timestampMs + 0, at);
    slab.writeUInt32LE(uuidBytes, at + 8);
    slab.writeUInt32LE(classBytes, at + 12);
    slab.writeUInt32LE(messageBytes, at + 16);
    slab.writeInt32LE(repeated ? -1 : searchBytes, at + 20);
    let end = at + SAMPLE_HEADER_BYTES;
    end += slab.write(o.uuid, end, 'utf8');
    end += slab.write(o.errorClass, end, 'utf8');
    end += slab.write(o.message, end, 'utf8');
    if (!repeated) end += slab.write(search, end, 'utf8');
    end += slab.write(o.json, end, 'utf8');
    return this.take(at, end);
  }

  private reserve(size: number): number {
    if (this.used + size > this.slab.length) {
      this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, size));
      this.used = 0;
    }
    return this.used;
  }

  private take(at: number, end: number): Buffer {
    this.used = end;
    return this.slab.subarray(at, end);
  }
}
