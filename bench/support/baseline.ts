import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

type Normalize = (body: unknown, fetchedAtMs: number) => { aggregates: Array<{ occurrences: Array<{ json: string; searchText: string }> }> };

/**
 * The normalizer as it was at BASE_REVISION, compiled at run time (TypeScript's transpileModule)
 * next to today's copies of the wire library's other files, for an in-process before/after.
 */
export function loadBaselineNormalizer(root: string): { normalize: Normalize; remove(): void } {
  const load = createRequire(join(root, 'package.json'));
  const ts = load('typescript') as typeof import('typescript');
  const src = join(root, 'libs/wire/src');
  const dir = mkdtempSync(join(tmpdir(), 'periskop-bench-wire-'));
  for (const file of readdirSync(src).filter((f) => f.endsWith('.ts') && !f.includes('.spec.'))) {
    const source = file === 'normalize-payload.ts' ? baselineSource(root, 'libs/wire/src/normalize-payload.ts') : readFileSync(join(src, file), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), js);
  }
  const normalize = (createRequire(join(dir, 'index.js'))(join(dir, 'normalize-payload.js')) as { normalizePayload: Normalize }).normalizePayload;
  return { normalize, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
