import 'reflect-metadata';
import { DEFAULT_PORTS } from '@periskop/config';
import { bootstrapApp, exitOnStartupError, resolveRuntimeSettings } from '@periskop/platform';
import { SchedulerModule } from './scheduler.module';

/** Scheduler: discovers targets and enqueues one scrape job per target per cycle; /metrics etc. on PORT (8081). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), undefined, { port: DEFAULT_PORTS.scheduler });
  await bootstrapApp(SchedulerModule.forRoot(runtime), { app: 'scheduler', port: runtime.port, reloadOnSighup: true });
}

main().catch(exitOnStartupError('scheduler'));
