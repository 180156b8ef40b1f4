import { Module } from '@nestjs/common';
import type { RuntimeSettings } from '@periskop/config';
import { NotifyModule } from '@periskop/notify';
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
        // NotificationPublisher for the merge's events, and the worker that delivers them.
        NotifyModule.forRoot({ worker: true }),
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
