import { Module } from '@nestjs/common';
import type { RuntimeSettings } from '@periskop/config';
import { AppCoreModule } from '@periskop/telemetry';
import { TargetFetcher } from './fetch/target-fetcher';
import { ScrapeProcessor } from './scrape.processor';
import { ScrapeTarget } from './scrape-target';
import { SCRAPER_SETTINGS, ScraperSettings } from './scraper.settings';

@Module({})
export class ScraperModule {
  static forRoot(runtime: RuntimeSettings, scraper: ScraperSettings) {
    return {
      module: ScraperModule,
      imports: [
        AppCoreModule.forApp('scraper', runtime),
      ],
      providers: [
        { provide: SCRAPER_SETTINGS, useValue: scraper },
        { provide: TargetFetcher, useFactory: () => new TargetFetcher(scraper.concurrency) },
        ScrapeTarget,
        ScrapeProcessor,
      ],
    };
  }
}
