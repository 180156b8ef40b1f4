// Builds when the built apps or dashboard are missing or older than their sources.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '../..');
const OUTPUTS = ['dist/apps/api/main.js', 'dist/apps/scheduler/main.js', 'dist/apps/scraper/main.js', 'dist/apps/mock-target/main.js', 'frontend/dist/browser/index.html'];
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

function buildIfNeeded() {
  const outputs = OUTPUTS.map((p) => join(ROOT, p));
  const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
  const changed = Math.max(...SOURCES.map((p) => newestMtime(join(ROOT, p))));
  if (built > changed) return false;
  process.stdout.write('building apps and dashboard (npm run build)…\n');
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
  return true;
}

module.exports = { buildIfNeeded, ROOT };
