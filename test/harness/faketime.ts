import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Environment that runs a process with a shifted clock, using Debian's libfaketime (package
 * `faketime`), e.g. `{ ...env, ...shiftedClockEnv('+10m') }`. The library is preloaded directly
 * rather than through the `faketime` command: that command forks and does not pass SIGTERM on
 * to its child, so stopping it would orphan the app. The multi-threaded build is needed for
 * Node's worker threads. Date.now() and the monotonic clock both move by the offset (timers are
 * unaffected); Redis, in another process, keeps the true time.
 */
export function shiftedClockEnv(offset: string): Record<string, string> {
  return { LD_PRELOAD: libfaketimePath(), FAKETIME: offset, FAKETIME_NO_CACHE: '1' };
}

function libfaketimePath(): string {
  for (const lib of ['/usr/lib', '/usr/lib64']) {
    if (!existsSync(lib)) continue;
    for (const dir of [lib, ...readdirSync(lib).map((d) => join(lib, d))]) {
      const candidate = join(dir, 'faketime', 'libfaketimeMT.so.1');
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error("libfaketimeMT.so.1 not found: install Debian's faketime package (apt-get install faketime)");
}
