import type { NormalizedPayload, TargetHealth } from '@periskop/wire';

/** A target's last scrape as the scraper records it (times in epoch ms). */
export interface TargetHealthRecord {
  status: 'up' | 'down';
  lastScrapeMs: number;
  durationMs: number;
  error: string | null;
  targetUuid: string | null;
  aggregates: number | null;
  refused: string[];
  /**
   * Set after a merge that refused nothing: the digest of the body merged (and of the scrape
   * settings that shaped it) and the counter identity it was merged under. A later scrape of the
   * same body only refreshes the target (touch-target-n.lua). Absent after a failure, so the
   * next good scrape merges in full.
   */
  bodyDigest?: string | null;
  targetId?: string | null;
}

/** Health entries carry at most this many refusal reasons: enough to diagnose, bounded in size. */
export const MAX_REFUSALS_KEPT = 20;

/** The health of a scrape whose payload was merged: up, with what it carried and refused. */
export function healthOfMergedScrape(payload: NormalizedPayload, fetchedAtMs: number, durationMs: number): TargetHealthRecord {
  return {
    status: 'up',
    lastScrapeMs: fetchedAtMs,
    durationMs: Math.round(durationMs),
    error: null,
    targetUuid: payload.targetUuid,
    aggregates: payload.aggregates.length,
    refused: payload.refused.map((r) => `${r.where}: ${r.reason}`),
  };
}

export function encodeHealth(record: TargetHealthRecord): string {
  return JSON.stringify({ ...record, refused: record.refused.slice(0, MAX_REFUSALS_KEPT) });
}

export function toTargetHealth(json: string | null | undefined): TargetHealth {
  if (!json) return { status: 'unknown', last_scrape: null, duration_ms: null, error: null, target_uuid: null, aggregates: null, refused: [] };
  const r = JSON.parse(json) as TargetHealthRecord;
  return {
    status: r.status,
    last_scrape: Math.floor(r.lastScrapeMs / 1000),
    duration_ms: r.durationMs,
    error: r.error,
    target_uuid: r.targetUuid,
    aggregates: r.aggregates,
    refused: r.refused,
  };
}
