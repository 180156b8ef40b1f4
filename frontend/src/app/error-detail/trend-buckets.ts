import { TrendBucket, TrendView } from '@periskop/wire/api';

export const TREND_WINDOW: Record<TrendView['resolution'], { step: number; count: number }> = {
  minute: { step: 60, count: 24 * 60 },
  hour: { step: 3600, count: 30 * 24 },
};

/**
 * The API lists only non-empty buckets; a chart needs every bucket of the window, with zero
 * where nothing happened. The window ends at the current bucket, or at the newest bucket if an
 * instance's clock runs ahead of ours.
 */
export function fillBuckets(buckets: readonly TrendBucket[], resolution: TrendView['resolution'], nowSeconds: number): TrendBucket[] {
  const { step, count } = TREND_WINDOW[resolution];
  const counts = new Map<number, number>();
  let newest = Math.floor(nowSeconds / step) * step;
  for (const b of buckets) {
    const t = Math.floor(b.t / step) * step;
    counts.set(t, (counts.get(t) ?? 0) + b.count);
    newest = Math.max(newest, t);
  }
  const start = newest - (count - 1) * step;
  return Array.from({ length: count }, (_, i) => {
    const t = start + i * step;
    return { t, count: counts.get(t) ?? 0 };
  });
}
