import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '../../..');
/** Provider clients that cost tens of MB per process when loaded. */
const PROVIDER_SDKS = /[\\/]node_modules[\\/](@aws-sdk|@smithy|node-zookeeper-client)[\\/]/;

describe('provider SDKs', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sd-lazy-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Which modules a fresh Node process holds after running `code` against the bundled mechanism list. */
  function loadedAfter(code: string): string[] {
    const outfile = join(dir, 'install.js');
    const dependencies = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies);
    buildSync({
      entryPoints: [join(__dirname, 'install.ts')],
      bundle: true,
      platform: 'node',
      outfile,
      tsconfig: join(ROOT, 'tsconfig.json'),
      external: [...dependencies, '@aws-sdk/*', '@smithy/*'],
      logLevel: 'silent',
    });
    const script = `const { MECHANISMS } = require(${JSON.stringify(outfile)}); ${code}; console.log(JSON.stringify(Object.keys(require.cache)))`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } }));
  }

  it('are not loaded by a process that only installs the mechanisms and parses configurations', () => {
    const loaded = loadedAfter(`MECHANISMS.find((m) => m.key === 'ec2_sd_configs').parse({ region: 'eu-west-1' }, { baseDir: '/' })`);
    expect(loaded.filter((path) => PROVIDER_SDKS.test(path))).toEqual([]);
  });

  it('load when a discoverer of that provider is created', () => {
    const loaded = loadedAfter(
      `const m = MECHANISMS.find((m) => m.key === 'ec2_sd_configs'); m.create(m.parse({ region: 'eu-west-1' }, { baseDir: '/' }), { options: { vendorEndpoints: {} }, baseDir: '/' })`,
    );
    expect(loaded.some((path) => /@aws-sdk[\\/]client-ec2/.test(path))).toBe(true);
  });
});
