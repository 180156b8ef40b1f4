import { DEFAULT_WORKER_TIMING, ScrapeWorkerTiming } from '@periskop/queue';

export const SCRAPER_WORKER_SETTINGS = Symbol('SCRAPER_WORKER_SETTINGS');

/** SCRAPER_MAX_BYTES_IN_FLIGHT's default: a few large bodies (0.7 MB: five) decoded, parsed and merging at once. */
export const DEFAULT_MAX_BYTES_IN_FLIGHT = 4 * 1024 * 1024;

/**
 * `concurrency`: jobs one process runs at once; scraping is I/O bound, so more than cores.
 * `maxBytesInFlight`: the bodies (bytes as read) that one process decodes, parses and merges at
 * once; a fetched body waits for room, so the memory of that work stays bounded while
 * `concurrency` jobs still wait on slow targets together. A body larger than it runs alone.
 * The lock and stalled-check timings bound how soon a job of a dead worker runs elsewhere.
 */
export type ScraperWorkerSettings = ScrapeWorkerTiming & { maxBytesInFlight: number };

export function scraperWorkerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ScraperWorkerSettings {
  const int = (name: string, fallback: number, min: number): number => {
    const text = env[name];
    const value = text === undefined || text === '' ? fallback : Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got ${text}`);
    return value;
  };
  return {
    concurrency: int('SCRAPER_CONCURRENCY', 32, 1),
    maxBytesInFlight: int('SCRAPER_MAX_BYTES_IN_FLIGHT', DEFAULT_MAX_BYTES_IN_FLIGHT, 1),
    lockDurationMs: int('SCRAPER_LOCK_DURATION_MS', DEFAULT_WORKER_TIMING.lockDurationMs, 1000),
    stalledIntervalMs: int('SCRAPER_STALLED_INTERVAL_MS', DEFAULT_WORKER_TIMING.stalledIntervalMs, 500),
    maxStalledCount: int('SCRAPER_MAX_STALLED_COUNT', DEFAULT_WORKER_TIMING.maxStalledCount, 0),
  };
}
