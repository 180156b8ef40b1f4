import { Module } from '@nestjs/common';
import { NotifyModule } from '@periskop/notify';
import { AppCoreModule, RuntimeSettings, SCRAPER_WORKER_SETTINGS, ScraperWorkerSettings } from '@periskop/platform';
import { ByteBudget } from './byte-budget';
import { TargetFetcher } from './fetch/target-fetcher';
import { ScrapeProcessor } from './scrape.processor';
import { ScrapeTarget } from './scrape-target';

@Module({})
export class ScraperModule {
  static forRoot(runtime: RuntimeSettings, scraper: ScraperWorkerSettings) {
    return {
      module: ScraperModule,
      imports: [
        AppCoreModule.forApp('scraper', runtime),
        // NotificationPublisher for the merge's events, and the worker that delivers them.
        NotifyModule.forRoot({ worker: true }),
      ],
      providers: [
        { provide: SCRAPER_WORKER_SETTINGS, useValue: scraper },
        { provide: TargetFetcher, useFactory: () => new TargetFetcher(scraper.concurrency) },
        { provide: ByteBudget, useFactory: () => new ByteBudget(scraper.maxBytesInFlight) },
        ScrapeTarget,
        ScrapeProcessor,
      ],
    };
  }
}
