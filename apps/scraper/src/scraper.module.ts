import { Module } from '@nestjs/common';
import { RuntimeModule, RuntimeSettings } from '@periskop/config';
import { REDIS_CLIENT, RedisClient, RedisModule } from '@periskop/store';
import { HEALTH_CHECK, ProbeHealthCheck, TelemetryModule } from '@periskop/telemetry';
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
        RuntimeModule.forRoot(runtime),
        RedisModule,
        TelemetryModule.forApp({
          app: 'scraper',
          healthCheck: { provide: HEALTH_CHECK, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new ProbeHealthCheck({ redis: () => redis.ping() }) },
        }),
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
