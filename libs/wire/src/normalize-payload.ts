import { createHash } from 'node:crypto';
import type { ApiOccurrence, ErrorDetail, HttpContext } from './payload.types';
import { DEFAULT_PAYLOAD_LIMITS, PayloadLimits } from './limits';
import { asText, field, isObject, JsonObject } from './lenient-fields';
import { parseTimestampMs, toUnixSeconds } from './timestamp';
import { normalizeHeaderName } from './header-names';
import { redactHeaderValue } from './redact-headers';
import { parsePayloadChunks } from './parse-payload-chunks';

/** One occurrence ready to merge: its API JSON is serialized once, here. */
export interface NormalizedOccurrence {
  uuid: string;
  timestampMs: number;
  /** The occurrence in Periskop's API shape (timestamp in Unix seconds), as JSON. */
  json: string;
  errorClass: string;
  message: string;
  /** Class, message and stack trace of the whole cause chain: what the dashboard searches. */
  searchText: string;
}

export interface NormalizedAggregate {
  key: string;
  totalCount: number;
  severity: string;
  createdAtMs: number;
  /** Newest first, deduplicated by uuid. */
  occurrences: NormalizedOccurrence[];
}

/** A part of a payload that was not merged, and why. */
export interface Refusal {
  where: string;
  reason: string;
}

export interface NormalizedPayload {
  /** The client's `target_uuid`, or null when it sent none (the caller falls back to the URL). */
  targetUuid: string | null;
  aggregates: NormalizedAggregate[];
  refused: Refusal[];
}

/** Why a payload as a whole is unusable: `bad_json` (not JSON), `bad_shape` (not an object, `aggregated_errors` not a list). */
export type PayloadErrorReason = 'bad_json' | 'bad_shape';

/** The payload as a whole is unusable; `reason` says which way, for metrics and health. */
export class PayloadError extends Error {
  constructor(
    readonly reason: PayloadErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

class RefusedPart extends Error {}

/**
 * Deepest nesting of a free-form value (a JSON `request_body`, a header or stack line given as an
 * object) that is kept. Deeper values would make JSON.stringify overflow the stack; they cost
 * their occurrence, not the target.
 */
export const MAX_VALUE_DEPTH = 64;

/** Latest time an occurrence or `created_at` may carry (9999-12-31T23:59:59.999Z): beyond it dates cannot be shown. */
const MAX_TIME_MS = 253_402_300_799_999;

const TRUNCATED_CAUSE: ErrorDetail = { class: '', message: '(cause chain truncated)', stacktrace: null, cause: null };

/**
 * Turns a scraped body into merge-ready aggregates, accepting every variant the official clients
 * send (see README "Wire tolerance") and refusing only what is really malformed, per aggregate or
 * per occurrence, so one bad part never discards a target's good ones.
 *
 * @param fetchedAtMs used for `created_at` when an aggregate has neither it nor any sample.
 */
export function normalizePayload(body: unknown, fetchedAtMs: number, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): NormalizedPayload {
  const root = typeof body === 'string' || Buffer.isBuffer(body) ? parseJson(body) : body;
  if (!isObject(root)) throw new PayloadError('bad_shape', `payload must be a JSON object, got ${describe(root)}`);

  const rawUuid = field(root, 'target_uuid');
  const targetUuid = typeof rawUuid === 'string' || typeof rawUuid === 'number' ? String(rawUuid).trim() || null : null;

  const list = field(root, 'aggregated_errors');
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    throw new PayloadError('bad_shape', `aggregated_errors must be a list, got ${describe(list)}`);
  }
  const items = (list ?? []) as unknown[];
  const refused: Refusal[] = [];
  const aggregates: NormalizedAggregate[] = [];
  const seenKeys = new Map<string, number>();

  for (let i = 0; i < items.length; i++) {
    const where = `aggregated_errors[${i}]`;
    if (aggregates.length >= limits.maxAggregates) {
      refused.push({ where: `${where}..[${items.length - 1}]`, reason: `more than ${limits.maxAggregates} aggregates in one payload` });
      break;
    }
    try {
      const aggregate = normalizeAggregate(items[i], fetchedAtMs, limits, where, refused);
      const earlier = seenKeys.get(aggregate.key);
      if (earlier !== undefined) {
        // Two aggregates with one key from one instance: keep the larger counter, pool samples.
        aggregates[earlier] = combineDuplicates(aggregates[earlier], aggregate, limits);
      } else {
        seenKeys.set(aggregate.key, aggregates.length);
        aggregates.push(aggregate);
      }
    } catch (err) {
      if (!(err instanceof RefusedPart) && !(err instanceof RangeError)) throw err;
      refused.push({ where: keyedWhere(where, items[i]), reason: err instanceof RefusedPart ? err.message : `aggregate cannot be read: ${(err as Error).message}` });
    }
  }
  return { targetUuid, aggregates, refused };
}

/**
 * normalizePayload of a body given as the chunks it was read in. A large body is parsed in pieces
 * below 128 KB each (see parse-payload-chunks.ts) instead of being joined and decoded into one
 * string; the result, and every error for a body that is not valid JSON, are the same as
 * normalizePayload of the joined body's UTF-8 text.
 */
export function normalizePayloadChunks(chunks: readonly Buffer[], fetchedAtMs: number, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS): NormalizedPayload {
  const parsed = parsePayloadChunks(chunks);
  if (parsed !== undefined) return normalizePayload(parsed, fetchedAtMs, limits);
  const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  return normalizePayload(whole.toString('utf8'), fetchedAtMs, limits);
}

function parseJson(body: string | Buffer): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    throw new PayloadError('bad_json', `body is not valid JSON: ${(err as Error).message}`);
  }
}

function normalizeAggregate(raw: unknown, fetchedAtMs: number, limits: PayloadLimits, where: string, refused: Refusal[]): NormalizedAggregate {
  if (!isObject(raw)) throw new RefusedPart(`aggregate must be an object, got ${describe(raw)}`);
  const key = field(raw, 'aggregation_key');
  if (typeof key !== 'string') throw new RefusedPart(`aggregation_key must be a string, got ${describe(key)}`);
  if (key.length === 0) throw new RefusedPart('aggregation_key is empty');
  if (key.length > limits.maxKeyLength) throw new RefusedPart(`aggregation_key is longer than ${limits.maxKeyLength} characters`);

  const count = field(raw, 'total_count');
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new RefusedPart(`total_count must be a non-negative integer, got ${describe(count)}`);
  }
  const severity = normalizeSeverity(field(raw, 'severity'), 'error');

  const samples = field(raw, 'latest_errors');
  if (samples !== undefined && samples !== null && !Array.isArray(samples)) {
    throw new RefusedPart(`latest_errors must be a list, got ${describe(samples)}`);
  }
  const list = (samples ?? []) as unknown[];
  if (list.length > limits.maxSamplesPerAggregate) {
    throw new RefusedPart(`latest_errors has ${list.length} samples, more than ${limits.maxSamplesPerAggregate}`);
  }

  const occurrences: NormalizedOccurrence[] = [];
  const uuids = new Set<string>();
  for (let j = 0; j < list.length; j++) {
    try {
      const occurrence = normalizeOccurrence(list[j], key, severity, limits);
      if (uuids.has(occurrence.uuid)) continue;
      uuids.add(occurrence.uuid);
      occurrences.push(occurrence);
    } catch (err) {
      // A RangeError (a value too deep or too large for V8) is the occurrence's fault, like a refusal.
      if (!(err instanceof RefusedPart) && !(err instanceof RangeError)) throw err;
      const reason = err instanceof RefusedPart ? err.message : `occurrence cannot be serialized: ${(err as Error).message}`;
      refused.push({ where: `${where}.latest_errors[${j}] (key ${JSON.stringify(key.slice(0, 200))})`, reason });
    }
  }
  sortNewestFirst(occurrences);

  // Missing or unreadable created_at: the oldest sample, never year 1 (the original's -62135596800).
  const createdAtMs = withinTimeRange(parseTimestampMs(field(raw, 'created_at'))) ?? (occurrences.length > 0 ? occurrences[occurrences.length - 1].timestampMs : fetchedAtMs);

  return { key, totalCount: count, severity, createdAtMs, occurrences };
}

function normalizeOccurrence(raw: unknown, key: string, aggregateSeverity: string, limits: PayloadLimits): NormalizedOccurrence {
  if (!isObject(raw)) throw new RefusedPart(`occurrence must be an object, got ${describe(raw)}`);
  const timestampRaw = field(raw, 'timestamp');
  const timestampMs = parseTimestampMs(timestampRaw);
  if (timestampMs === null) throw new RefusedPart(`timestamp is not an RFC 3339 time: ${describe(timestampRaw)}`);
  if (withinTimeRange(timestampMs) === null) throw new RefusedPart(`timestamp is out of range: ${describe(timestampRaw)}`);

  const error = normalizeError(field(raw, 'error'), limits, 0);
  const httpContext = normalizeHttpContext(field(raw, 'http_context'), limits);
  const severity = normalizeSeverity(field(raw, 'severity'), aggregateSeverity);
  const rawUuid = asText(field(raw, 'uuid')).trim().toLowerCase();
  // A client that sends no uuid still gets stable dedupe: the same occurrence hashes the same.
  const uuid = rawUuid || syntheticUuid(key, timestampMs, error);
  if (uuid.length > 256) throw new RefusedPart('uuid is longer than 256 characters');

  const occurrence: ApiOccurrence = {
    error,
    uuid,
    timestamp: toUnixSeconds(timestampMs),
    severity,
    http_context: httpContext,
  };
  return lazyOccurrence(occurrence, timestampMs);
}

/**
 * The occurrence's JSON and search text are built on first read: the merge sends samples only
 * for keys whose count grew, so for most keys of a steady payload they are never needed. (A class
 * rather than an object literal with getters: it is created once per occurrence, so cheaply.)
 */
class LazyOccurrence implements NormalizedOccurrence {
  readonly uuid: string;
  readonly errorClass: string;
  readonly message: string;
  private jsonText: string | undefined;
  private search: string | undefined;

  constructor(
    private readonly occurrence: ApiOccurrence,
    readonly timestampMs: number,
  ) {
    this.uuid = occurrence.uuid;
    this.errorClass = occurrence.error.class;
    this.message = occurrence.error.message;
  }

  get json(): string {
    return (this.jsonText ??= JSON.stringify(this.occurrence));
  }

  get searchText(): string {
    return (this.search ??= searchTextOf(this.occurrence.error));
  }

  /** Serializes as the plain NormalizedOccurrence it stands for. */
  toJSON(): NormalizedOccurrence {
    return { uuid: this.uuid, timestampMs: this.timestampMs, json: this.json, errorClass: this.errorClass, message: this.message, searchText: this.searchText };
  }
}

function lazyOccurrence(occurrence: ApiOccurrence, timestampMs: number): NormalizedOccurrence {
  return new LazyOccurrence(occurrence, timestampMs);
}

function normalizeError(raw: unknown, limits: PayloadLimits, depth: number): ErrorDetail {
  if (raw === undefined || raw === null) return { class: '', message: '', stacktrace: null, cause: null };
  // Old Go and Ruby clients serialized the cause (or the whole error) as a string.
  if (typeof raw === 'string') return { class: '', message: bounded(raw, 'message', limits), stacktrace: null, cause: null };
  if (!isObject(raw)) throw new RefusedPart(`error must be an object, got ${describe(raw)}`);
  const stack = field(raw, 'stacktrace');
  let stacktrace: string[] | null = null;
  if (Array.isArray(stack)) stacktrace = stack.map((line) => bounded(typeof line === 'string' ? line : asText(line, encodeValue(line, 'stacktrace line')), 'stacktrace line', limits));
  else if (typeof stack === 'string') stacktrace = stack.split('\n').map((line) => bounded(line, 'stacktrace line', limits));
  else if (stack !== undefined && stack !== null) throw new RefusedPart(`stacktrace must be a list of strings, got ${describe(stack)}`);

  const causeRaw = field(raw, 'cause');
  let cause: ErrorDetail | null = null;
  if (causeRaw !== undefined && causeRaw !== null) {
    cause = depth + 1 >= limits.maxCauseDepth ? TRUNCATED_CAUSE : normalizeError(causeRaw, limits, depth + 1);
  }
  return {
    class: bounded(asText(field(raw, 'class')), 'class', limits),
    message: bounded(asText(field(raw, 'message')), 'message', limits),
    stacktrace,
    cause,
  };
}

function normalizeHttpContext(raw: unknown, limits: PayloadLimits): HttpContext | null {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) throw new RefusedPart(`http_context must be an object, got ${describe(raw)}`);
  const headersRaw = field(raw, 'request_headers');
  let headers: Record<string, string> | null = null;
  if (isObject(headersRaw)) {
    headers = {};
    // Names, then values: no array of pairs per header.
    const names = Object.keys(headersRaw);
    for (let h = 0; h < names.length; h++) {
      const name = names[h];
      const value = headersRaw[name];
      const text = typeof value === 'string' ? value : Array.isArray(value) ? value.map((v) => asText(v)).join(', ') : asText(value, value === null ? '' : encodeValue(value, `header ${name}`));
      const headerName = normalizeHeaderName(name);
      headers[headerName] = redactHeaderValue(headerName, bounded(text, `header ${name}`, limits), limits.redactHeaders);
    }
  } else if (headersRaw !== undefined && headersRaw !== null) {
    throw new RefusedPart(`request_headers must be an object, got ${describe(headersRaw)}`);
  }
  const body = field(raw, 'request_body');
  return {
    request_method: bounded(asText(field(raw, 'request_method')), 'request_method', limits),
    request_url: bounded(asText(field(raw, 'request_url')), 'request_url', limits),
    request_headers: headers,
    request_body: bounded(typeof body === 'string' ? body : body == null ? '' : encodeValue(body, 'request_body'), 'request_body', limits),
  };
}

function normalizeSeverity(raw: unknown, fallback: string): string {
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  return text.length > 0 && text.length <= 32 ? text : fallback;
}

/** JSON of a free-form value, refused (before JSON.stringify could overflow) when nested too deep. */
function encodeValue(value: unknown, what: string): string {
  if (depthOf(value, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH) throw new RefusedPart(`${what} is nested deeper than ${MAX_VALUE_DEPTH} levels`);
  return JSON.stringify(value) ?? '';
}

/** Nesting depth of a parsed JSON value, walked without recursion and given up past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function withinTimeRange(ms: number | null): number | null {
  return ms !== null && ms >= 0 && ms <= MAX_TIME_MS ? ms : null;
}

function bounded(text: string, what: string, limits: PayloadLimits): string {
  if (text.length > limits.maxStringLength) throw new RefusedPart(`${what} is longer than ${limits.maxStringLength} characters`);
  return text;
}

function searchTextOf(error: ErrorDetail): string {
  const parts: string[] = [];
  for (let e: ErrorDetail | null = error; e; e = e.cause) {
    parts.push(e.class, e.message);
    if (e.stacktrace) parts.push(...e.stacktrace);
  }
  return parts.join('\n');
}

function syntheticUuid(key: string, timestampMs: number, error: ErrorDetail): string {
  return createHash('sha1').update(`${key}\0${timestampMs}\0${error.class}\0${error.message}`).digest('hex').slice(0, 32);
}

/**
 * Sorts newest first. Clients list samples oldest first, so the usual list is only reversed, in
 * place; the order is total (uuids are unique here), so this is the order sort() gives.
 */
function sortNewestFirst(occurrences: NormalizedOccurrence[]): void {
  let ascending = true;
  let descending = true;
  for (let i = 1; i < occurrences.length && (ascending || descending); i++) {
    const order = newestFirst(occurrences[i - 1], occurrences[i]);
    if (order < 0) ascending = false;
    else descending = false;
  }
  if (descending) return;
  if (ascending) occurrences.reverse();
  else occurrences.sort(newestFirst);
}

function newestFirst(a: NormalizedOccurrence, b: NormalizedOccurrence): number {
  return b.timestampMs - a.timestampMs || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);
}

function combineDuplicates(a: NormalizedAggregate, b: NormalizedAggregate, limits: PayloadLimits): NormalizedAggregate {
  const byUuid = new Map<string, NormalizedOccurrence>();
  for (const o of [...a.occurrences, ...b.occurrences]) byUuid.set(o.uuid, o);
  return {
    key: a.key,
    totalCount: Math.max(a.totalCount, b.totalCount),
    severity: b.severity,
    createdAtMs: Math.min(a.createdAtMs, b.createdAtMs),
    occurrences: [...byUuid.values()].sort(newestFirst).slice(0, limits.maxSamplesPerAggregate),
  };
}

function keyedWhere(where: string, raw: unknown): string {
  const key = isObject(raw) ? field(raw as JsonObject, 'aggregation_key') : undefined;
  return typeof key === 'string' ? `${where} (key ${JSON.stringify(key.slice(0, 200))})` : where;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
