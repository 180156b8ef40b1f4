export const SCRAPER_SETTINGS = Symbol('SCRAPER_SETTINGS');

export interface ScraperSettings {
  /** Jobs one process runs at once; scraping is I/O bound, so more than cores. */
  concurrency: number;
}

export function scraperSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ScraperSettings {
  const concurrency = Number(env.SCRAPER_CONCURRENCY ?? 32);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`SCRAPER_CONCURRENCY must be a positive integer, got ${env.SCRAPER_CONCURRENCY}`);
  return { concurrency };
}
