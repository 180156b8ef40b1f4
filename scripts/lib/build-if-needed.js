// Builds when the built apps or dashboard are missing or older than their sources.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '../..');
const OUTPUTS = [
  'dist/apps/api/main.js',
  'dist/apps/scheduler/main.js',
  'dist/apps/scraper/main.js',
  'dist/apps/mock-target/main.js',
  'dist/apps/pushgateway/main.js',
  'frontend/dist/browser/index.html',
];
const SOURCES = ['apps', 'libs', 'frontend/src'];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds when any of `outputs` is missing or older than the newest file under `sources`.
 * Defaults: every app and the dashboard (`npm run build`). `script: 'build:server'` builds only
 * the server apps; `logToStderr` keeps stdout clean for a command whose output is piped.
 */
function buildIfNeeded({ outputs = OUTPUTS, sources = SOURCES, script = 'build', logToStderr = false } = {}) {
  const paths = outputs.map((p) => join(ROOT, p));
  const built = paths.every((p) => existsSync(p)) ? Math.min(...paths.map((p) => statSync(p).mtimeMs)) : 0;
  const changed = Math.max(...sources.map((p) => newestMtime(join(ROOT, p))));
  if (built > changed) return false;
  (logToStderr ? process.stderr : process.stdout).write(`building ${script === 'build' ? 'apps and dashboard' : 'server apps'} (npm run ${script})…\n`);
  const stdio = logToStderr ? ['ignore', 2, 2] : 'inherit';
  const started = new Date();
  execSync(`npm run ${script}`, { cwd: ROOT, stdio, env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
  // webpack leaves an output whose content did not change untouched: mark it as built from the
  // sources as they were when the build started, or a changed file that is not part of the
  // bundle (a test) would rebuild on every run.
  for (const p of paths) if (existsSync(p) && statSync(p).mtimeMs < started.getTime()) utimesSync(p, started, started);
  return true;
}

module.exports = { buildIfNeeded, ROOT };
