import type { SpikeSettings } from '@periskop/platform';
import { AggregateReader, notificationKeys, RedisClient } from '@periskop/store';
import type { SpikeFacts } from '../notification.types';

const MINUTE_MS = 60_000;
/** The minute trend keeps 24 h (merge-payload's MINUTES_KEPT): the baseline is what precedes the window in it. */
const DAY_MINUTES = 1440;
/** Bounds the per-process throttle map; clearing it only costs a few extra reads. */
const MAX_THROTTLED_KEYS = 50_000;

/**
 * Is the key's count in the last `window` more than `factor` × what its previous 24 h rate
 * predicts for one window, and at least `min_count`? It tells once per crossing: the first
 * caller to see the key high sets a Redis flag (`SET … PX window GET` answers the old value
 * atomically, so of 10 scrapers exactly one sees "was not set"); every later check that still
 * sees it high renews the flag, so it never fires again while the key stays high. Once the key
 * has not been seen high for a whole window the flag expires and the next crossing fires again.
 */
export class SpikeDetector {
  private readonly lastChecked = new Map<string, number>();

  constructor(
    private readonly reader: AggregateReader,
    private readonly redis: RedisClient,
    private readonly settings: SpikeSettings,
    private readonly checkIntervalMs: number,
  ) {}

  /** The spike's facts when this call saw the crossing; null otherwise (or checked too recently). */
  async crossing(service: string, key: string, nowMs: number): Promise<SpikeFacts | null> {
    if (!this.due(`${service}\0${key}`, nowMs)) return null;
    const facts = spikeFacts(await this.reader.trend(service, key, 'minute'), nowMs, this.settings);
    if (facts.windowCount < this.settings.minCount || facts.windowCount <= this.settings.factor * facts.expectedCount) return null;
    const before = await this.redis.set(notificationKeys(service).spike(key), String(nowMs), 'PX', Math.max(this.settings.windowMs, 1000), 'GET');
    return before === null ? facts : null;
  }

  private due(id: string, nowMs: number): boolean {
    const last = this.lastChecked.get(id);
    if (last !== undefined && nowMs - last < this.checkIntervalMs && nowMs >= last) return false;
    if (this.lastChecked.size >= MAX_THROTTLED_KEYS) this.lastChecked.clear();
    this.lastChecked.set(id, nowMs);
    return true;
  }
}

/** Counts in the window ending at `nowMs` (whole minutes) and what the rest of the last 24 h predicts for it. */
export function spikeFacts(buckets: Array<{ t: number; count: number }>, nowMs: number, settings: SpikeSettings): SpikeFacts {
  const nowMinute = Math.floor(nowMs / MINUTE_MS);
  const windowMinutes = Math.min(Math.max(1, Math.ceil(settings.windowMs / MINUTE_MS)), DAY_MINUTES - 1);
  let windowCount = 0;
  let baseline = 0;
  for (const { t, count } of buckets) {
    const minute = Math.floor((t * 1000) / MINUTE_MS);
    const age = nowMinute - minute;
    if (age < 0) continue;
    if (age < windowMinutes) windowCount += count;
    else if (age < DAY_MINUTES) baseline += count;
  }
  return { windowMs: windowMinutes * MINUTE_MS, windowCount, expectedCount: (baseline / (DAY_MINUTES - windowMinutes)) * windowMinutes };
}
