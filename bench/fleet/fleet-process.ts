import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { FleetShape, instanceAddress } from './fleet-shape';
import type { FleetStats } from './fleet-server';

/** The bench's handle on a forked fleet simulator. */
export class FleetProcess {
  private nextId = 1;
  private readonly pending = new Map<number, (msg: Record<string, unknown>) => void>();

  private constructor(
    readonly shape: FleetShape,
    readonly port: number,
    readonly payloadBytes: number,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (msg: Record<string, unknown>) => {
      const done = this.pending.get(msg.id as number);
      if (done) {
        this.pending.delete(msg.id as number);
        done(msg);
      }
    });
  }

  static async start(shape: FleetShape, port: number, options: { salt?: number; maxLifetimeMs?: number } = {}): Promise<FleetProcess> {
    const salt = options.salt ?? Math.floor(Math.random() * 2 ** 40);
    const args = { shape, port, salt, maxLifetimeMs: options.maxLifetimeMs ?? 3 * 3_600_000 };
    const child = fork(join(__dirname, 'fleet.js'), [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`fleet exited with ${code} while starting`)));
    });
    if (!ready.ready) throw new Error(`fleet failed to start: ${ready.failed}`);
    return new FleetProcess(shape, port, ready.payloadBytes as number, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** host:port of every instance, in index order. */
  addresses(): string[] {
    return Array.from({ length: this.shape.instances }, (_, i) => `${instanceAddress(i)}:${this.port}`);
  }

  async stats(): Promise<FleetStats> {
    return (await this.call('stats')).stats as FleetStats;
  }

  async resetStats(): Promise<void> {
    await this.call('reset-stats');
  }

  async restartAll(): Promise<void> {
    await this.call('restart');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    try {
      await Promise.race([this.call('stop'), new Promise((r) => setTimeout(r, 5_000))]);
    } catch {
      // already gone
    }
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await exited;
  }

  private call(cmd: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (msg) => (msg.ok ? resolve(msg) : reject(new Error(String(msg.error)))));
      this.child.send({ id, cmd }, (err) => err && reject(err));
    });
  }
}
