#!/usr/bin/env node
// npm run bench [-- --quick] [-- --only b0,b3] [-- --profile] [-- --no-build] [-- --report-only]
// Builds the server apps (the bench runs them as processes) and the bench itself, then runs it.
// The bench code lives in bench/ (see bench/README.md).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const webpack = join(root, 'node_modules/webpack-cli/bin/cli.js');

function run(argv, what) {
  const r = spawnSync(process.execPath, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench: ${what} failed`);
    process.exit(r.status ?? 1);
  }
}

// --report-only rewrites BENCHMARKS.md from the last full run: it starts no app.
if (!args.includes('--no-build') && !args.includes('--report-only')) run([webpack, '--config', 'webpack.config.js'], 'building the apps');
run([webpack, '--config', 'bench/webpack.config.js'], 'building the bench');
const r = spawnSync(process.execPath, ['--max-old-space-size=6144', join(root, 'dist/bench/bench.js'), ...args.filter((a) => a !== '--no-build')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
