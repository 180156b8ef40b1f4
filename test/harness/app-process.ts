import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { sleep } from './wait';

/**
 * The repository root. Two directories up from here in the source tree (jest) and from
 * dist/bench in the bench's bundle, which keeps the real `__dirname`.
 */
export const ROOT = join(__dirname, '../..');

/** The server apps `npm run build:server` writes to dist/apps/<name>/main.js. */
export type AppName = 'api' | 'scraper' | 'scheduler' | 'pushgateway' | 'mock-target' | 'cli';

export interface AppStartOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** A checkout whose dist/apps to run (the bench's baseline build); this repository by default. */
  root?: string;
  healthTimeoutMs?: number;
  /**
   * How much of the app's output to keep (the newest characters). All of it by default, so a
   * test can assert that something was never logged; long runs keep a tail.
   */
  keepOutputChars?: number;
  /** Also copy the app's output to stderr as it arrives, each chunk prefixed by the app's name. */
  echo?: boolean;
}

/**
 * Every app still running, killed if the plain node process that started it (the bench) exits
 * without stopping it. (Inside jest the sandbox's `process` hears no exit: tests stop their apps.)
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A built app (`dist/apps/<name>/main.js`) running as its own process, as deployed. The e2e
 * tests, the browser tests and the bench all start apps through this class.
 */
export class AppProcess {
  output = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
    options: AppStartOptions,
  ) {
    const keep = options.keepOutputChars ?? Infinity;
    const collect = (d: Buffer) => {
      this.output += d.toString();
      if (this.output.length > keep) this.output = this.output.slice(-keep);
      if (options.echo) process.stderr.write(`[${name}] ${d}`);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    running.add(child);
    child.once('exit', () => running.delete(child));
  }

  /** Starts the app with `env` (PORT: a free port unless given) and waits until /-/health answers. */
  static async start(name: AppName | string, env: Record<string, string>, options: AppStartOptions = {}): Promise<AppProcess> {
    const main = join(options.root ?? ROOT, 'dist/apps', name, 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first (npm test does)`);
    const port = Number(env.PORT ?? (await freePort()));
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, port, child, options);
    try {
      await app.waitForHealth(options.healthTimeoutMs);
    } catch (err) {
      await app.stop('SIGKILL'); // never leave an orphan that keeps the run alive
      throw err;
    }
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  // Generous: a shared, busy machine can take many seconds to start one app.
  async waitForHealth(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/-/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not become healthy within ${timeoutMs} ms:\n${this.output}`);
  }

  /**
   * SIGTERM (graceful) by default, SIGKILL to simulate a crash. An app that has not exited
   * `graceMs` after the signal is killed, so a hung shutdown never hangs the run.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** GETs JSON from one of the apps (with `headers`, e.g. an admin's bearer token). */
export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * An admin token for tests that read what only admins see (target labels, target_uuids): add
 * `ADMIN_AUTH_YAML` to the config and send `ADMIN_HEADERS`.
 */
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
export const ADMIN_AUTH_YAML = `auth:\n  tokens:\n    - { name: e2e-admin, token: ${ADMIN_TOKEN}, role: admin }\n`;
export const ADMIN_HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };
