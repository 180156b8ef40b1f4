import 'reflect-metadata';
import { DEFAULT_PORTS } from '@periskop/config';
import { bootstrapApp, exitOnStartupError, resolveRuntimeSettings, scraperWorkerSettingsFromEnv } from '@periskop/platform';
import { ScraperModule } from './scraper.module';

/** Scraper worker: takes scrape jobs from BullMQ; serves /metrics, /-/health, /errors on PORT (8082). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), undefined, { port: DEFAULT_PORTS.scraper });
  await bootstrapApp(ScraperModule.forRoot(runtime, scraperWorkerSettingsFromEnv()), { app: 'scraper', port: runtime.port });
}

main().catch(exitOnStartupError('scraper'));
