#!/usr/bin/env node
// `npm run periskop -- <command> <config-file>`: builds the server apps if the CLI is missing or
// older than its sources, then runs `node dist/apps/cli/main.js <args>` with this terminal's
// stdio and exits with its code. Build messages go to stderr so `discover` output can be piped.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { buildIfNeeded, ROOT } = require('./lib/build-if-needed');

const CLI = 'dist/apps/cli/main.js';

try {
  buildIfNeeded({ outputs: [CLI], sources: ['apps', 'libs'], script: 'build:server', logToStderr: true });
} catch (err) {
  process.stderr.write(`periskop: build failed: ${err.message}\n`);
  process.exit(1);
}

const child = spawn(process.execPath, [join(ROOT, CLI), ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the CLI through the terminal's process group; a signal sent to this launcher
// alone is passed on. Either way the launcher exits when the CLI does, with its status.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  process.stderr.write(`periskop: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, as a shell would report it.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
