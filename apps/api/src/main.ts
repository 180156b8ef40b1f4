import 'reflect-metadata';
import { DEFAULT_PORTS, resolveRuntimeSettings } from '@periskop/config';
import { bootstrapApp, exitOnStartupError } from '@periskop/telemetry';
import { ApiModule } from './api.module';
import { Authenticator } from '@periskop/access';
import { configureApi } from './dashboard-assets';
import { registerOpenApi } from './openapi/openapi';
import { mountQueueBoard } from './queue-board';

/** API: Periskop's HTTP API, the dashboard's endpoints and the built dashboard, on PORT (8080). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), process.env, { port: DEFAULT_PORTS.api, secrets: true });
  await bootstrapApp(ApiModule.forRoot(runtime), {
    app: 'api',
    port: runtime.port,
    reloadOnSighup: true,
    configure: async (app) => {
      await registerOpenApi(app);
      await configureApi(app, runtime.config.auth);
      await mountQueueBoard(app, app.get(Authenticator));
    },
  });
}

main().catch(exitOnStartupError('api'));
