#!/usr/bin/env node
// `npm test`: every test — type check, lint, build, jest (unit, medium against a private
// redis-server, e2e of the built apps as processes), the dashboard's unit tests and its browser
// tests in Chromium. Ends with one line `N passed, N failed` over all suites.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', TZ: 'UTC', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

/** No step may hang CI: each has a generous wall-clock limit. */
const STEP_TIMEOUT_MS = 25 * 60 * 1000;

function run(name, command, args, parseCounts) {
  process.stdout.write(`\n▶ ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env,
    stdio: parseCounts ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: STEP_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error) process.stdout.write(`${name}: ${result.error.message}\n`);
  if (parseCounts) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
  }
  const ok = result.status === 0;
  if (parseCounts) {
    const counts = parseCounts(`${result.stdout ?? ''}\n${result.stderr ?? ''}`, ok);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    if (!ok && counts.failed === 0) totals.failed += 1; // a crash that ran no test still counts
  } else if (!ok) {
    totals.failed += 1;
  }
  if (!ok) failedSteps.push(name);
  process.stdout.write(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

function jestCounts(file) {
  return () => {
    if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
    const report = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: report.numPassedTests, failed: report.numFailedTests + report.numRuntimeErrorTestSuites, skipped: report.numPendingTests };
  };
}

/** Vitest's summary line: `Tests  12 passed | 1 failed (13)`. */
function vitestCounts(output) {
  // eslint-disable-next-line no-control-regex -- the escape that starts a terminal color code
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const line =
    plain
      .split('\n')
      .reverse()
      .find((l) => /^\s*Tests\s+/.test(l)) ?? '';
  const count = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? 0);
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

const npx = (args) => ['npx', args];
/** A check that is one test of its own: passed or failed. */
const oneCheck = (_output, ok) => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
const reports = mkdtempSync(join(tmpdir(), 'periskop-test-'));
const jestReport = join(reports, 'jest.json');
const browserReport = join(reports, 'browser.json');

run('type check', 'npm', ['run', 'typecheck']);
run('lint (ESLint, Prettier)', 'npm', ['run', 'lint'], oneCheck);
run('build', 'npm', ['run', 'build']);
run(
  'jest: unit, medium (real redis-server), e2e (built apps as processes)',
  ...npx(['jest', '--selectProjects', 'unit', 'medium', 'e2e', '--json', `--outputFile=${jestReport}`]),
  jestCounts(jestReport),
);
if (existsSync(join(ROOT, 'frontend/angular.json'))) {
  run('dashboard unit tests (Angular + Vitest)', 'npm', ['test', '-w', 'frontend'], vitestCounts);
}
run('dashboard in Chromium (Playwright, jest)', 'node', ['scripts/browser-tests.js', '--json', `--outputFile=${browserReport}`], jestCounts(browserReport));

process.stdout.write(`\n${failedSteps.length === 0 ? 'all steps passed' : `failed steps: ${failedSteps.join('; ')}`}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps.length === 0 ? 0 : 1);
