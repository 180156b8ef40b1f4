import 'reflect-metadata';
import { resolveRuntimeSettings } from '@periskop/config';
import { bootstrapApp, exitOnStartupError } from '@periskop/telemetry';
import { ApiModule } from './api.module';
import { configureApi } from './dashboard-assets';
import { mountQueueBoard } from './queue-board';

/** API: Periskop's HTTP API, the dashboard's endpoints and the built dashboard, on PORT (8080). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), process.env, { port: 8080 });
  await bootstrapApp(ApiModule.forRoot(runtime), {
    app: 'api',
    port: runtime.port,
    reloadOnSighup: true,
    configure: async (app) => {
      configureApi(app);
      await mountQueueBoard(app);
    },
  });
}

main().catch(exitOnStartupError('api'));
