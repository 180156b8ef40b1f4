import type { ErrorStatus, ErrorSummary } from '@periskop/wire';

/**
 * What the merge script keeps per aggregation key (short names: it is decoded and encoded on
 * every merge that changes the key). Times are epoch milliseconds of Redis's clock; 0 means never.
 * Counts are stored as strings (exact to 2^53−1: cjson prints only 14 digits) and parsed here.
 */
export interface AggregateMeta {
  /** total count across instances */
  c: number;
  /** severity last reported */
  s: string;
  /** oldest created_at reported */
  ca: number;
  /** first seen by this server */
  fs: number;
  /** newest occurrence */
  ls: number;
  /** class and message of the newest occurrence */
  lc: string;
  lm: string;
  /** resolved at (0 while active) */
  r: number;
  /** last resolution, kept after a regression: older occurrences are not sampled again */
  rl: number;
  /** count when last resolved */
  rc: number;
  /** times resolved */
  rn: number;
  /** regressed at (0 if not since the last resolution) */
  rg: number;
  /** 1 when the uuids of the samples at the last resolve are remembered (ru:<key>) */
  ru?: number;
}

/** A key first seen within this window, and never resolved, is "new". */
export const NEW_WINDOW_MS = 60 * 60 * 1000;

export function statusOf(meta: AggregateMeta, nowMs: number): ErrorStatus {
  if (meta.r > 0) return 'resolved';
  if (meta.rg > 0) return 'regressed';
  if (meta.rn === 0 && nowMs - meta.fs < NEW_WINDOW_MS) return 'new';
  return 'active';
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export function toErrorSummary(key: string, meta: AggregateMeta, nowMs: number): ErrorSummary {
  return {
    aggregation_key: key,
    total_count: meta.c,
    severity: meta.s,
    created_at: seconds(meta.ca),
    first_seen: seconds(meta.fs),
    last_seen: seconds(meta.ls || meta.fs),
    latest_class: meta.lc,
    latest_message: meta.lm,
    status: statusOf(meta, nowMs),
    resolved_at: meta.r > 0 ? seconds(meta.r) : null,
    regressed_at: meta.rg > 0 ? seconds(meta.rg) : null,
    resolve_count: meta.rn,
    count_since_resolved: meta.c - meta.rc,
  };
}

export function parseMeta(json: string): AggregateMeta {
  const meta = JSON.parse(json) as Omit<AggregateMeta, 'c' | 'rc'> & { c: number | string; rc: number | string };
  return { ...meta, c: Number(meta.c), rc: Number(meta.rc) };
}
