import 'reflect-metadata';
import { DEFAULT_PORTS } from '@periskop/config';
import { bootstrapApp, exitOnStartupError, resolveRuntimeSettings } from '@periskop/platform';
import { ApiModule } from './api.module';
import { Authenticator } from '@periskop/access';
import { registerBrowserDefaults } from './auth/browser-defaults';
import { dashboardDirectory, serveDashboard } from './dashboard-assets';
import { registerOpenApi } from './openapi/openapi';
import { mountQueueBoard } from './queue-board';
import { validateRequests } from './query-validation';

/** API: Periskop's HTTP API, the dashboard's endpoints and the built dashboard, on PORT (8080). */
async function main(): Promise<void> {
  const runtime = resolveRuntimeSettings(process.argv.slice(2), undefined, { port: DEFAULT_PORTS.api, secrets: true });
  await bootstrapApp(ApiModule.forRoot(runtime), {
    app: 'api',
    port: runtime.port,
    reloadOnSighup: true,
    configure: async (app) => {
      await registerOpenApi(app);
      // Security headers, CORS, rate limits and sessions.
      await registerBrowserDefaults(app, runtime.config.auth);
      serveDashboard(app, dashboardDirectory(runtime.dashboardDir));
      validateRequests(app);
      await mountQueueBoard(app, app.get(Authenticator));
    },
  });
}

main().catch(exitOnStartupError('api'));
