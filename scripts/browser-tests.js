#!/usr/bin/env node
// The dashboard in a real Chromium against the real system (test/browser/, run by jest):
//
//   node scripts/browser-tests.js                 # the browser tests (npm test runs them)
//   node scripts/browser-tests.js --screenshots   # also writes docs/screenshot-*.png
//   node scripts/browser-tests.js --keep          # only starts the seeded system, until Ctrl-C
//   node scripts/browser-tests.js --verbose       # copies the apps' output to stderr
//
// Other arguments go to jest (e.g. `-t 'dark mode'`, `--json --outputFile=…`). Needs a build
// (`npm run build`).
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const MODES = { '--screenshots': 'PERISKOP_BROWSER_SCREENSHOTS', '--keep': 'PERISKOP_BROWSER_KEEP', '--verbose': 'E2E_VERBOSE' };

const args = process.argv.slice(2);
const env = { ...process.env, TZ: 'UTC' };
for (const [flag, variable] of Object.entries(MODES)) if (args.includes(flag)) env[variable] = '1';
const jestArgs = ['--selectProjects', 'browser', '--runInBand', ...args.filter((a) => !(a in MODES))];

const keep = args.includes('--keep');
const stopFile = join(mkdtempSync(join(tmpdir(), 'periskop-browser-')), 'stop');
if (keep) env.PERISKOP_BROWSER_KEEP_STOP_FILE = stopFile;
// jest and everything it starts (apps, redis-server, Chromium) get a process group of their own,
// so Ctrl-C reaches only this script, which stops them: with --keep by asking the test (through
// a file it watches, as jest's sandbox hears no signals), else by signalling the whole group.
const child = spawn(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), ...jestArgs], { cwd: ROOT, env, stdio: 'inherit', detached: true });

function stopGroup(reason) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.stderr.write(`browser tests: ${reason}, stopping them\n`);
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), 10_000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => (keep ? writeFileSync(stopFile, signal) : stopGroup(`interrupted by ${signal}`)));
}
// A hung run must never block CI.
const watchdogMs = Number(process.env.E2E_WATCHDOG_MS || 15 * 60_000);
if (!keep) setTimeout(() => stopGroup(`the run exceeded ${watchdogMs / 1000} s`), watchdogMs).unref();

child.on('exit', (code, signal) => {
  rmSync(dirname(stopFile), { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
