import { DEFAULT_WORKER_TIMING } from '@periskop/queue';
import { DEFAULT_MAX_BYTES_IN_FLIGHT, scraperWorkerSettingsFromEnv } from './scraper-worker-settings';

describe('scraperWorkerSettingsFromEnv', () => {
  it('defaults to concurrency 32, 4 MiB of bodies in flight and BullMQ lock and stalled-check timings', () => {
    expect(scraperWorkerSettingsFromEnv({})).toEqual({ concurrency: 32, maxBytesInFlight: DEFAULT_MAX_BYTES_IN_FLIGHT, ...DEFAULT_WORKER_TIMING });
    expect(DEFAULT_MAX_BYTES_IN_FLIGHT).toBe(4 * 1024 * 1024);
  });

  it('reads the concurrency and the recovery timings from the environment', () => {
    const env = { SCRAPER_CONCURRENCY: '4', SCRAPER_MAX_BYTES_IN_FLIGHT: '1048576', SCRAPER_LOCK_DURATION_MS: '4000', SCRAPER_STALLED_INTERVAL_MS: '1000', SCRAPER_MAX_STALLED_COUNT: '2' };
    expect(scraperWorkerSettingsFromEnv(env)).toEqual({
      concurrency: 4,
      maxBytesInFlight: 1048576,
      lockDurationMs: 4000,
      stalledIntervalMs: 1000,
      maxStalledCount: 2,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_CONCURRENCY: '0' })).toThrow(/SCRAPER_CONCURRENCY/);
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_LOCK_DURATION_MS: '10' })).toThrow(/SCRAPER_LOCK_DURATION_MS/);
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_STALLED_INTERVAL_MS: 'soon' })).toThrow(/SCRAPER_STALLED_INTERVAL_MS/);
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_MAX_BYTES_IN_FLIGHT: '0' })).toThrow('SCRAPER_MAX_BYTES_IN_FLIGHT must be an integer of at least 1, got 0');
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_MAX_BYTES_IN_FLIGHT: '4MB' })).toThrow(/SCRAPER_MAX_BYTES_IN_FLIGHT/);
    expect(() => scraperWorkerSettingsFromEnv({ SCRAPER_MAX_BYTES_IN_FLIGHT: '1.5' })).toThrow(/SCRAPER_MAX_BYTES_IN_FLIGHT/);
  });
});
