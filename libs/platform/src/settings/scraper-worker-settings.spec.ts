import { DEFAULT_WORKER_TIMING } from '@periskop/queue';
import { scraperWorkerSettingsFromEnv } from './scraper-worker-settings';

describe('scraperWorkerSettingsFromEnv', () => {
  it('defaults to concurrency 32 and BullMQ lock and stalled-check timings', () => {
    expect(scraperWorkerSettingsFromEnv({})).toEqual({ concurrency: 32, ...DEFAULT_WORKER_TIMING });
  });

  it('reads the concurrency and the recovery timings from the environment', () => {
    expect(scraperWorkerSettingsFromEnv({ SCRAPER_CONCURRENCY: '4', SCRAPER_LOCK_DURATION_MS: '4000', SCRAPER_STALLED_INTERVAL_MS: '1000', SCRAPER_MAX_STALLED_COUNT: '2' })).toEqual({
      concurrency: 4,
      lockDurationMs: 4000,
      stalledIntervalMs: 1000,
      maxStalledCount: 2,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_CONCURRENCY: '0' })).toThrow(/SCRAPER_CONCURRENCY/);
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_LOCK_DURATION_MS: '10' })).toThrow(/SCRAPER_LOCK_DURATION_MS/);
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_STALLED_INTERVAL_MS: 'soon' })).toThrow(/SCRAPER_STALLED_INTERVAL_MS/);
  });
});
