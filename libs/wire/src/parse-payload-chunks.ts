import { randomBytes } from 'node:crypto';
import { ChunkedBody } from './chunked-body';

/**
 * JSON.parse of a large scraped body without one large string per body.
 *
 * A string or buffer of 128 KB or more is fresh memory each time (V8 gives such a string its own
 * mapping in the large-object space; glibc mmaps such a buffer), and faulting it in costs more
 * than parsing it: on a 139 KB body, joining the chunks and decoding them took 1.0–1.2 ms where
 * JSON.parse of the ready string took 0.2–0.3 ms. So a large body is parsed in pieces that each
 * stay below that size: runs of elements of the top-level `aggregated_errors` list, each parsed as
 * a list of its own, and the rest of the object with a marker string in the list's place.
 *
 * Where to cut is guessed from a few byte searches, never from a walk over every byte (that walk,
 * in JavaScript, cost more than the copies it saves): the list is the `[` after the first
 * `"aggregated_errors":`, it ends at the body's last `]`, and each element is expected to start
 * with the bytes the first one starts with, up to its first member's name (`{"aggregation_key"`
 * as every client writes it). A wrong guess cannot give a wrong value, only the whole path:
 *  - every piece must parse alone, and a run of complete JSON values joined by commas inside a
 *    list is a list of exactly those values;
 *  - the rest must parse to an object whose `aggregated_errors` is the marker, a random string no
 *    body contains: so the marker stood as that member's value (not inside a string, not under a
 *    duplicate name that a later one overrides), and putting the list text back in its place is
 *    valid JSON that parses to the same object with the list as that value.
 * Pieces are cut only next to ASCII delimiters (`[`, `,`, `]`), so decoding them apart gives the
 * same characters as decoding the whole body, invalid UTF-8 included.
 *
 * `undefined` says: parse the whole body as before (small, another shape, or not JSON), which also
 * gives the same error messages as before.
 */

/** Largest piece a body is cut into when it can be: below V8's large-object size as a one-byte string. */
export const MAX_PIECE_BYTES = 120 * 1024;

/** The longest first-member prefix taken as the pattern of an element's start. */
const MAX_PATTERN_BYTES = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const LIST_KEY = Buffer.from('"aggregated_errors"', 'latin1');
const MARKER = `periskop-list-${randomBytes(16).toString('hex')}`;

/** Reusable room in which a piece is framed as a list and decoded, so a piece allocates only its string. */
let room: Buffer | undefined;

/**
 * The body's JSON value, parsed piece by piece; `undefined` when it must be parsed whole.
 */
export function parsePayloadChunks(chunks: readonly Buffer[]): unknown {
  const body = new ChunkedBody(chunks);
  if (body.length < MAX_PIECE_BYTES) return undefined;
  const open = listOpening(body);
  const close = body.lastIndexOfByte(CLOSE_BRACKET);
  if (open < 0 || close <= open) return undefined;
  const cuts = cutsBetween(body, open, close);
  try {
    const root: unknown = JSON.parse(`${body.text(0, open)}"${MARKER}"${body.text(close + 1, body.length)}`);
    if (typeof root !== 'object' || root === null || Array.isArray(root) || (root as Record<string, unknown>).aggregated_errors !== MARKER) return undefined;
    let list: unknown[] | undefined;
    for (let k = 0; k + 1 < cuts.length; k++) {
      const part = parseList(body, cuts[k], cuts[k + 1]);
      // `[a,,b]`: an empty run between two cuts is a syntax error in the whole.
      if (part.length === 0 && cuts.length > 2) return undefined;
      list = list === undefined ? part : list.concat(part);
    }
    (root as Record<string, unknown>).aggregated_errors = list;
    return root;
  } catch {
    return undefined;
  }
}

/** Offset of the `[` of the first `"aggregated_errors"` followed by `:` and `[`, or -1. */
function listOpening(body: ChunkedBody): number {
  for (let at = body.indexOf(LIST_KEY, 0); at >= 0; at = body.indexOf(LIST_KEY, at + 1)) {
    const colon = body.skipSpace(at + LIST_KEY.length);
    if (body.byteAt(colon) !== COLON) continue;
    const open = body.skipSpace(colon + 1);
    if (body.byteAt(open) === OPEN_BRACKET) return open;
  }
  return -1;
}

/**
 * The delimiters the list is cut at: its `[`, the `,` before some elements, its `]`. Elements are
 * found by the bytes the first element starts with; consecutive elements are kept in one piece as
 * long as it stays below MAX_PIECE_BYTES.
 */
function cutsBetween(body: ChunkedBody, open: number, close: number): number[] {
  const cuts = [open];
  const first = body.skipSpace(open + 1);
  const pattern = firstMemberPrefix(body, first, close);
  if (pattern !== null) {
    let candidate = -1;
    for (let at = body.indexOf(pattern, first + 1); at >= 0 && at < close; at = body.indexOf(pattern, at + 1)) {
      const comma = body.skipSpaceBack(at - 1);
      if (body.byteAt(comma) !== COMMA) continue;
      const from = cuts[cuts.length - 1];
      if (comma - from > MAX_PIECE_BYTES && candidate > from) cuts.push(candidate);
      candidate = comma;
    }
    if (close - cuts[cuts.length - 1] > MAX_PIECE_BYTES && candidate > cuts[cuts.length - 1]) cuts.push(candidate);
  }
  cuts.push(close);
  return cuts;
}

/** The bytes from an object's `{` to the closing quote of its first member's name, or null. */
function firstMemberPrefix(body: ChunkedBody, start: number, limit: number): Buffer | null {
  if (body.byteAt(start) !== OPEN_BRACE) return null;
  const quote = body.skipSpace(start + 1);
  if (body.byteAt(quote) !== QUOTE) return null;
  for (let at = quote + 1; at < limit && at - start < MAX_PATTERN_BYTES; at++) {
    const b = body.byteAt(at);
    if (b === BACKSLASH) return null;
    if (b === QUOTE) return body.copy(start, at + 1);
  }
  return null;
}

/** The values between two delimiters, parsed as the list `[ … ]` they form. */
function parseList(body: ChunkedBody, from: number, to: number): unknown[] {
  const size = to - from + 1;
  const frame = size <= MAX_PIECE_BYTES + 2 ? (room ??= Buffer.allocUnsafeSlow(MAX_PIECE_BYTES + 2)) : Buffer.allocUnsafe(size);
  frame[0] = OPEN_BRACKET;
  body.copyInto(frame, 1, from + 1, to);
  frame[size - 1] = CLOSE_BRACKET;
  return JSON.parse(frame.toString('utf8', 0, size)) as unknown[];
}
