import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './measure';

/** The hot-path files the performance work changed; "before" builds take them from BASE_REVISION. */
export const HOT_PATH_FILES = ['libs/wire/src/normalize-payload.ts', 'libs/store/src/aggregate-writer.ts', 'libs/store/src/lua/merge-payload-1.lua'];

/** The commit before the hot-path changes (BENCH_BASE_REVISION overrides). */
export const BASE_REVISION = process.env.BENCH_BASE_REVISION ?? 'cf5c67c^';

export function baselineSource(root: string, path: string): string {
  return execFileSync('git', ['show', `${BASE_REVISION}:${path}`], { cwd: root, encoding: 'utf8' });
}

/**
 * A build of today's apps with the hot-path files as they were at BASE_REVISION, in a temp dir,
 * so "before" and "after" run side by side in one bench run. Nothing in the repository is touched.
 */
export function buildBaseline(root: string): { root: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'periskop-bench-before-'));
  for (const entry of ['apps', 'libs', 'tsconfig.json', 'webpack.config.js']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const file of HOT_PATH_FILES) writeFileSync(join(dir, file), baselineSource(root, file));
  log(`building the baseline (hot path at ${BASE_REVISION}) in ${dir}`);
  execFileSync(process.execPath, [join(root, 'node_modules/webpack-cli/bin/cli.js'), '--config', 'webpack.config.js'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(dir, 'dist/apps/scraper/main.js'))) throw new Error('baseline build produced no scraper');
  return { root: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
