import 'reflect-metadata';
import { DEFAULT_PORTS, resolveRuntimeSettings } from '@periskop/config';
import { bootstrapApp, exitOnStartupError } from '@periskop/telemetry';
import { ScraperModule } from './scraper.module';
import { scraperSettingsFromEnv } from './scraper.settings';

/** Scraper worker: takes scrape jobs from BullMQ; serves /metrics, /-/health, /errors on PORT (8082). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), process.env, { port: DEFAULT_PORTS.scraper });
  await bootstrapApp(ScraperModule.forRoot(runtime, scraperSettingsFromEnv()), { app: 'scraper', port: runtime.port });
}

main().catch(exitOnStartupError('scraper'));
