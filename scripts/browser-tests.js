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
// --keep: jest gets its own process group, so Ctrl-C reaches only this script, which asks the
// test to stop what it started (through a file it watches) and then waits for jest to end.
const stopFile = join(mkdtempSync(join(tmpdir(), 'periskop-keep-')), 'stop');
if (keep) env.PERISKOP_BROWSER_KEEP_STOP_FILE = stopFile;
const child = spawn(process.execPath, [join(ROOT, 'node_modules/jest/bin/jest.js'), ...jestArgs], { cwd: ROOT, env, stdio: 'inherit', detached: keep });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (keep) writeFileSync(stopFile, signal);
    else child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  rmSync(dirname(stopFile), { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
