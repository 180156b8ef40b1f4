import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppName, AppProcess, AppStartOptions } from './app-process';
import { RedisProcess, startRedisServer } from './redis-server';

export interface SystemOptions {
  /** The configuration (periskop.yaml), written to a temp dir the apps read it from. */
  config: string;
  /** More files beside the config, e.g. a secret file it names (relative paths resolve there). */
  files?: Record<string, string>;
  /** An existing Redis; without one the system starts (and stops) a private redis-server. */
  redisUrl?: string;
  /** More environment for every app. */
  env?: Record<string, string>;
  /** Which apps to start; the pipeline (api, scraper, scheduler) by default. */
  apps?: AppName[];
  /** Fixed ports, e.g. the API's when a redirect URI must name it before it starts. */
  ports?: Partial<Record<AppName, number>>;
  /** How each app is started (output kept, echoed…). */
  appOptions?: AppStartOptions;
}

/**
 * Periskop as deployed, on loopback: a redis-server, one configuration file and the built apps
 * as processes, each healthy before `start` resolves. `stop` takes all of it down again.
 */
export class PeriskopSystem {
  private constructor(
    readonly dir: string,
    readonly configFile: string,
    readonly redisUrl: string,
    private readonly redis: RedisProcess | undefined,
    readonly apps: AppProcess[],
  ) {}

  static async start(options: SystemOptions): Promise<PeriskopSystem> {
    const dir = mkdtempSync(join(tmpdir(), 'periskop-system-'));
    const configFile = join(dir, 'periskop.yaml');
    writeFileSync(configFile, options.config);
    for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), content);
    let redis: RedisProcess | undefined;
    const started: AppProcess[] = [];
    try {
      if (!options.redisUrl) redis = await startRedisServer();
      const redisUrl = options.redisUrl ?? redis!.url;
      const env = { CONFIG_FILE: configFile, REDIS_URL: redisUrl, ...options.env };
      const names = options.apps ?? ['api', 'scraper', 'scheduler'];
      const results = await Promise.allSettled(
        names.map(async (name) => {
          const port = options.ports?.[name];
          const app = await AppProcess.start(name, port ? { ...env, PORT: String(port) } : env, options.appOptions);
          started.push(app);
          return app;
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      const apps = results.map((r) => (r as PromiseFulfilledResult<AppProcess>).value);
      return new PeriskopSystem(dir, configFile, redisUrl, redis, apps);
    } catch (err) {
      await Promise.all(started.map((app) => app.stop()));
      await redis?.stop();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The first app of that name. */
  app(name: AppName): AppProcess {
    const app = this.apps.find((a) => a.name === name);
    if (!app) throw new Error(`this system runs no ${name} (it runs ${this.apps.map((a) => a.name).join(', ')})`);
    return app;
  }

  get api(): AppProcess {
    return this.app('api');
  }

  /** Each app's last output, for a failure report. */
  tails(chars = 3000): string {
    return this.apps.map((a) => `--- ${a.name} output ---\n${a.output.slice(-chars)}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop('SIGTERM', 5_000)));
    await this.redis?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
