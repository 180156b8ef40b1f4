import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort } from '@periskop/test-harness';

/** Debian's `prometheus-alertmanager` package installs it under this name. */
const BINARY = process.env.ALERTMANAGER_BIN ?? 'prometheus-alertmanager';

/** The alert as Alertmanager's `GET /api/v2/alerts` answers it (the parts the tests read). */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

/**
 * A real Alertmanager on loopback, alone (no cluster peer), with a route to a receiver that
 * sends nowhere: the tests read what it holds through its own API.
 */
export class AlertmanagerProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly output: string[],
  ) {}

  static async start(): Promise<AlertmanagerProcess> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'periskop-alertmanager-'));
    const config = join(dir, 'alertmanager.yml');
    writeFileSync(config, 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
    const child = spawn(BINARY, [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const am = new AlertmanagerProcess(child, dir, `http://127.0.0.1:${port}`, output);
    try {
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`alertmanager exited ${child.exitCode}: ${output.join('').slice(-1000)}`);
          return (await fetch(`${am.url}/-/ready`)).ok ? true : undefined;
        },
        30_000,
        'alertmanager to be ready',
      );
    } catch (err) {
      await am.stop();
      throw err;
    }
    return am;
  }

  /** Active alerts (Alertmanager leaves out those whose endsAt has passed). */
  async alerts(): Promise<GettableAlert[]> {
    const res = await fetch(`${this.url}/api/v2/alerts`);
    if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status}`);
    return (await res.json()) as GettableAlert[];
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
