import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as a process, as `npm run periskop -- <args>` runs it. */
function periskop(...args: string[]): Promise<Run> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 20_000 }, (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

describe('periskop CLI (built, as a process)', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-cli-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('check-config: exit 0 and a SUCCESS line for config.dev.yaml', async () => {
    const run = await periskop('check-config', 'config.dev.yaml');
    expect(run).toEqual({ code: 0, stdout: 'SUCCESS: config.dev.yaml is valid\n', stderr: '' });
  });

  it('check-config: exit 1 naming the file, the key path and its line for a broken file', async () => {
    const file = write(
      'broken.yaml',
      ['services:', '  - name: web', '    static_configs:', "      - targets: ['a:1']", '    scraper:', '      endpoint: /errors', '      refresh_interval: 1s1m', ''].join('\n'),
    );
    const run = await periskop('check-config', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`FAILED: ${file} is invalid`);
    expect(run.stderr).toMatch(/services\[0\]\.scraper\.refresh_interval \(line 7\): not a valid duration string: "1s1m"/);
  });

  it('discover: prints each static and file_sd target with its labels before and after relabeling', async () => {
    write(
      'targets.json',
      JSON.stringify([
        { targets: ['10.0.0.5:7777'], labels: { zone: 'eu' } },
        { targets: ['10.0.0.6:7777'], labels: { zone: 'test' } },
      ]),
    );
    const file = write(
      'discover.yaml',
      [
        'services:',
        '  - name: web',
        '    static_configs:',
        "      - targets: ['10.0.0.1:7777']",
        '        labels: { env: prod }',
        '    file_sd_configs:',
        "      - files: ['targets.json']",
        '    relabel_configs:',
        '      - { source_labels: [zone], regex: test, action: drop }',
        '      - { source_labels: [__meta_filepath], regex: ".*/(.*)", target_label: sd_file }',
        '    scraper:',
        '      endpoint: /errors',
        '      refresh_interval: 10s',
        '',
      ].join('\n'),
    );
    const run = await periskop('discover', file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('service web: 2 active, 1 dropped');
    // Active targets: the URL, then the labels before and after relabeling.
    const at = (url: string) => lines.indexOf(`  target ${url}`);
    const staticAt = at('http://10.0.0.1:7777/errors');
    expect(staticAt).toBeGreaterThan(0);
    expect(lines[staticAt + 1]).toBe('    discovered labels: {__address__="10.0.0.1:7777", __metrics_path__="/errors", __scheme__="http", env="prod"}');
    expect(lines[staticAt + 2]).toBe('    target labels:     {env="prod", instance="10.0.0.1:7777"}');
    const fileAt = at('http://10.0.0.5:7777/errors');
    expect(fileAt).toBeGreaterThan(0);
    expect(lines[fileAt + 1]).toBe(
      `    discovered labels: {__address__="10.0.0.5:7777", __meta_filepath=${JSON.stringify(join(dir, 'targets.json'))}, __metrics_path__="/errors", __scheme__="http", zone="eu"}`,
    );
    expect(lines[fileAt + 2]).toBe('    target labels:     {instance="10.0.0.5:7777", sd_file="targets.json", zone="eu"}');
    // The dropped one, with why and what it was.
    const droppedAt = lines.indexOf('  dropped (dropped by relabeling)');
    expect(droppedAt).toBeGreaterThan(0);
    expect(lines[droppedAt + 1]).toContain('__address__="10.0.0.6:7777"');
  });
});
