import 'reflect-metadata';
import rateLimit from '@fastify/rate-limit';
import { bootstrapApp, exitOnStartupError, resolvePushSettings, resolveRuntimeSettings } from '@periskop/platform';
import { PushgatewayModule } from './pushgateway.module';

/**
 * Pushgateway: a drop-in for periskop-pushgateway on PORT (7878) for jobs that end before a
 * scrape finds them. State in Redis, so replicas behind one address agree.
 */
async function main(): Promise<void> {
  // Pushes are checked against the YAML's `auth:` block, so its token files and variables are read.
  const runtime = resolveRuntimeSettings(process.argv.slice(2), undefined, { port: 7878, secrets: true });
  const settings = resolvePushSettings();
  await bootstrapApp(PushgatewayModule.forRoot(runtime, settings), {
    app: 'pushgateway',
    port: runtime.port,
    bodyLimit: settings.maxBodyBytes,
    // Not Nest's form parser: a JSON export posted as a form (curl -d) must reach the handler intact.
    bodyParser: false,
    configure: async (app) => {
      const fastify = app.getHttpAdapter().getInstance();
      // Clients push JSON; periskop-python sends it without a Content-Type. Take any other body as text.
      fastify.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      // Per client address and replica; only pushes count, scrapes and probes are never limited.
      await app.register(rateLimit as never, { max: settings.rateLimit, timeWindow: settings.rateWindowMs, allowList: (req: { method: string }) => req.method !== 'POST' });
    },
  });
}

main().catch(exitOnStartupError('pushgateway'));
