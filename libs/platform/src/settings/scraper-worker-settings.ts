import { DEFAULT_WORKER_TIMING, ScrapeWorkerTiming } from '@periskop/queue';

export const SCRAPER_WORKER_SETTINGS = Symbol('SCRAPER_WORKER_SETTINGS');

/**
 * `concurrency`: jobs one process runs at once; scraping is I/O bound, so more than cores.
 * The lock and stalled-check timings bound how soon a job of a dead worker runs elsewhere.
 */
export type ScraperWorkerSettings = ScrapeWorkerTiming;

export function scraperWorkerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ScraperWorkerSettings {
  const int = (name: string, fallback: number, min: number): number => {
    const text = env[name];
    const value = text === undefined || text === '' ? fallback : Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got ${text}`);
    return value;
  };
  return {
    concurrency: int('SCRAPER_CONCURRENCY', 32, 1),
    lockDurationMs: int('SCRAPER_LOCK_DURATION_MS', DEFAULT_WORKER_TIMING.lockDurationMs, 1000),
    stalledIntervalMs: int('SCRAPER_STALLED_INTERVAL_MS', DEFAULT_WORKER_TIMING.stalledIntervalMs, 500),
    maxStalledCount: int('SCRAPER_MAX_STALLED_COUNT', DEFAULT_WORKER_TIMING.maxStalledCount, 0),
  };
}
