import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';

const ROOT = join(__dirname, '../..');

/** A built app (`dist/apps/<name>/main.js`) running as its own process, as in production. */
export class AppProcess {
  output = '';

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d) => (this.output += d.toString()));
    child.stderr?.on('data', (d) => (this.output += d.toString()));
  }

  static async start(name: string, env: Record<string, string>): Promise<AppProcess> {
    const main = join(ROOT, 'dist/apps', name, 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npm run build" first (npm test does)`);
    const port = Number(env.PORT ?? (await freePort()));
    const child = spawn(process.execPath, [main], { env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const app = new AppProcess(name, port, child);
    try {
      await app.waitForHealth();
    } catch (err) {
      await app.stop('SIGKILL'); // never leave an orphan that keeps the test run alive
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

  async waitForHealth(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/-/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not become healthy within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

/** Polls `probe` until it returns a value that is not undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
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
