/**
 * The fleet simulator as its own process (forked by the bench with an IPC channel):
 *   argv[2] = JSON { shape, port, salt, maxLifetimeMs }
 * Messages in: { id, cmd: 'stats' | 'reset-stats' | 'restart' | 'stop' }; out: { id, ok, ... }.
 * It exits when the bench disconnects or after maxLifetimeMs, whichever comes first.
 */
import type { FleetShape } from './fleet-shape';
import { FleetServer } from './fleet-server';

interface FleetArgs {
  shape: FleetShape;
  port: number;
  salt: number;
  maxLifetimeMs: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as FleetArgs;
  const fleet = new FleetServer(args.shape, args.salt);
  const lifetime = setTimeout(() => process.exit(3), args.maxLifetimeMs);
  lifetime.unref();
  process.on('disconnect', () => process.exit(0));
  await fleet.listen(args.port);
  process.on('message', (msg: { id: number; cmd: string }) => {
    const reply = (extra: object) => process.send?.({ id: msg.id, ok: true, ...extra });
    switch (msg.cmd) {
      case 'stats':
        return reply({ stats: fleet.stats });
      case 'reset-stats':
        fleet.resetStats();
        return reply({});
      case 'restart':
        fleet.state.restartAll();
        return reply({});
      case 'stop':
        void fleet.close().then(() => {
          reply({});
          process.exit(0);
        });
        return;
      default:
        process.send?.({ id: msg.id, ok: false, error: `unknown command ${msg.cmd}` });
    }
  });
  process.send?.({ ready: true, payloadBytes: fleet.state.template.size });
}

main().catch((err) => {
  process.send?.({ failed: String(err?.stack ?? err) });
  process.exit(1);
});
