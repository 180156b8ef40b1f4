import 'reflect-metadata';
import { resolveRuntimeSettings } from '@periskop/config';
import { bootstrapApp, exitOnStartupError } from '@periskop/telemetry';
import { SchedulerModule } from './scheduler.module';

/** Scheduler: discovers targets and enqueues one scrape job per target per cycle; /metrics etc. on PORT (9090). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), process.env, { port: 9090 });
  await bootstrapApp(SchedulerModule.forRoot(runtime), { app: 'scheduler', port: runtime.port, reloadOnSighup: true });
}

main().catch(exitOnStartupError('scheduler'));
