import { INestApplication, Logger as NestLogger, ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

export interface BootstrapOptions {
  app: string;
  port: number;
  host?: string;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones answer 413. */
  bodyLimit?: number;
  /** Nest's JSON and form parsers (default true); false leaves Fastify's own JSON and text parsers. */
  bodyParser?: boolean;
  /** SIGHUP reloads the config (ConfigReloader) instead of shutting the app down. */
  reloadOnSighup?: boolean;
  /** Runs after the app is created and before it listens (static files, CORS, …). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Every app starts the same way: Fastify, pino logs, graceful shutdown on SIGTERM/SIGINT,
 * and trailing slashes ignored so Periskop's `/services/` and `/services` both answer.
 */
export async function bootstrapApp(rootModule: unknown, options: BootstrapOptions): Promise<INestApplication> {
  const adapter = new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 }, bodyLimit: options.bodyLimit ?? 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule as never, adapter, { bufferLogs: true, bodyParser: options.bodyParser ?? true });
  app.useLogger(app.get(Logger));
  // Nest shuts down on every ShutdownSignal, SIGHUP included; an app that reloads keeps running.
  app.enableShutdownHooks(options.reloadOnSighup ? Object.values(ShutdownSignal).filter((s) => s !== ShutdownSignal.SIGHUP) : undefined);
  await options.configure?.(app);
  await app.listen(options.port, options.host ?? '0.0.0.0');
  new NestLogger(options.app).log(`${options.app} listening on ${options.host ?? '0.0.0.0'}:${options.port}`);
  return app;
}

/** Prints a start-up failure (a bad config, an unreachable Redis) plainly and exits non-zero. */
export function exitOnStartupError(app: string) {
  return (err: unknown) => {
    process.stderr.write(`${app}: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  };
}
