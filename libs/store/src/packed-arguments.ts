import type { NormalizedAggregate, NormalizedOccurrence } from '@periskop/wire';

/**
 * The merge script's packed arguments (lua/includes/packed-arguments.lua): one per aggregate and
 * one per sample instead of one per field, since every argument costs the encoder and Redis a
 * string of its own. A header of comma-separated numbers gives each text's length in bytes; the
 * script cuts the texts at those offsets, so they may hold any character.
 */

/**
 * An aggregate's fixed fields: "<total_count>,<createdAtMs>,<sample count>,<severity bytes>,"
 * then the severity and the key. Numbers are written as ioredis writes a number argument (String).
 */
export function packAggregate(aggregate: NormalizedAggregate, sampleCount: number): string {
  return `${aggregate.totalCount},${aggregate.createdAtMs},${sampleCount},${Buffer.byteLength(aggregate.severity)},${aggregate.severity}${aggregate.key}`;
}

/**
 * A sample: "<timestampMs>,<uuid bytes>,<class bytes>,<message bytes>,<search bytes>," then uuid,
 * class, message, search text and occurrence JSON back to back (the JSON last: its length is what
 * remains). A search text equal to the aggregate's previous sample's goes as "=" and is not sent
 * again: samples of one key mostly share their stack trace, and the search text is ≈40 % of a
 * sample's bytes (bench payloads: JSON 1,365, search text 896, class and message 103 bytes).
 */
export function packSample(o: NormalizedOccurrence, previousSearch: string | undefined): string {
  const search = o.searchText;
  const repeated = search === previousSearch;
  return `${sampleHeader(o, repeated ? '=' : Buffer.byteLength(search))}${o.uuid}${o.errorClass}${o.message}${repeated ? '' : search}${o.json}`;
}

function sampleHeader(o: NormalizedOccurrence, searchBytes: number | '='): string {
  return `${o.timestampMs},${Buffer.byteLength(o.uuid)},${Buffer.byteLength(o.errorClass)},${Buffer.byteLength(o.message)},${searchBytes},`;
}

/** Slabs the buffer-packed samples of a call are written into: below glibc's mmap threshold, so their memory is reused. */
const SLAB_BYTES = 64 * 1024;

/**
 * Packs samples as Buffers, for a call large enough to go in ioredis's buffer mode (see
 * forEncoding). There a packed string would be flattened and encoded twice more by ioredis; a
 * Buffer is copied once into the command. Each sample is a view into a shared slab.
 */
export class SampleBufferPacker {
  private slab = Buffer.alloc(0);
  private used = 0;

  pack(o: NormalizedOccurrence, previousSearch: string | undefined): Buffer {
    const search = o.searchText;
    const repeated = search === previousSearch;
    const searchBytes = repeated ? 0 : Buffer.byteLength(search);
    const header = sampleHeader(o, repeated ? '=' : searchBytes);
    const size = header.length + Buffer.byteLength(o.uuid) + Buffer.byteLength(o.errorClass) + Buffer.byteLength(o.message) + searchBytes + Buffer.byteLength(o.json);
    if (this.used + size > this.slab.length) {
      this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, size));
      this.used = 0;
    }
    const start = this.used;
    let at = start + this.slab.write(header, start, 'latin1');
    at += this.slab.write(o.uuid, at, 'utf8');
    at += this.slab.write(o.errorClass, at, 'utf8');
    at += this.slab.write(o.message, at, 'utf8');
    if (!repeated) at += this.slab.write(search, at, 'utf8');
    at += this.slab.write(o.json, at, 'utf8');
    this.used = at;
    return this.slab.subarray(start, at);
  }
}
