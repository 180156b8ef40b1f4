import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCheckFailure, formatLabels, formatServiceReport } from './format';
import { run } from './main';

describe('CLI output formatting', () => {
  it('prints label sets like Prometheus, sorted and quoted', () => {
    expect(formatLabels({ b: 'x"y', a: '1' })).toBe('{a="1", b="x\\"y"}');
    expect(formatLabels({})).toBe('{}');
  });

  it('prints a service with active and dropped targets', () => {
    const text = formatServiceReport({
      service: 'web',
      active: [{ scheme: 'http', address: 'a:1', metricsPath: '/errors', query: '', url: 'http://a:1/errors', labels: { instance: 'a:1' }, discoveredLabels: { __address__: 'a:1', __meta_x: 'm' } }],
      dropped: [{ reason: 'dropped by relabeling', discoveredLabels: { __address__: 'b:1' } }],
      errors: ['dns_sd_configs: boom'],
    });
    expect(text).toBe(
      [
        'service web: 1 active, 1 dropped',
        '  error: dns_sd_configs: boom',
        '  target http://a:1/errors',
        '    discovered labels: {__address__="a:1", __meta_x="m"}',
        '    target labels:     {instance="a:1"}',
        '  dropped (dropped by relabeling)',
        '    discovered labels: {__address__="b:1"}',
      ].join('\n'),
    );
  });

  it('prints each problem of a failed check on its own line', () => {
    expect(formatCheckFailure('c.yaml', ['services[0].x (line 3): unknown key "x"'])).toBe('FAILED: c.yaml is invalid\n  services[0].x (line 3): unknown key "x"');
  });
});

describe('CLI commands on real config files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('check-config: SUCCESS and exit 0 for a valid file', async () => {
    const file = write('ok.yaml', 'services:\n  - name: web\n    static_configs:\n      - targets: ["a:1"]\n    scraper:\n      endpoint: /errors\n      refresh_interval: 10s\n');
    expect(await run(['check-config', file])).toEqual({ exitCode: 0, output: `SUCCESS: ${file} is valid` });
  });

  it('check-config: exit 1 naming the key path, line and Prometheus wording', async () => {
    const file = write(
      'bad.yaml',
      [
        'services:',
        '  - name: web',
        '    static_configs:',
        '      - targets: ["a:1"]',
        '    relabel_configs:',
        '      - action: replace',
        '    scraper:',
        '      endpoint: /errors',
        '      refresh_interval: 10s',
        '',
      ].join('\n'),
    );
    const result = await run(['check-config', file]);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(`FAILED: ${file} is invalid`);
    expect(result.output).toMatch(/services\[0\]\.relabel_configs\[0\]\.target_label \(line \d+\): relabel configuration for replace action requires 'target_label' value/);
  });

  it('discover: prints targets before and after relabeling, including file_sd targets', async () => {
    write('targets.json', JSON.stringify([{ targets: ['f:9'], labels: { zone: 'eu' } }]));
    const file = write(
      'sd.yaml',
      [
        'services:',
        '  - name: web',
        '    static_configs:',
        '      - targets: ["a:1", "drop-me:1"]',
        '    file_sd_configs:',
        '      - files: ["targets.json"]',
        '    relabel_configs:',
        '      - source_labels: [__address__]',
        '        regex: "drop-me:.*"',
        '        action: drop',
        '    scraper:',
        '      endpoint: /errors',
        '      refresh_interval: 10s',
        '',
      ].join('\n'),
    );
    const result = await run(['discover', file]);
    expect(result.exitCode).toBe(0);
    const lines = result.output.split('\n');
    expect(lines[0]).toBe('service web: 2 active, 1 dropped');
    expect(lines).toContain('  target http://f:9/errors');
    expect(result.output).toContain(`__meta_filepath=${JSON.stringify(join(dir, 'targets.json'))}`);
    expect(result.output).toContain('target labels:     {instance="f:9", zone="eu"}');
    expect(result.output).toContain('  dropped (dropped by relabeling)');
  });

  it('prints usage for an unknown command', async () => {
    const result = await run(['frobnicate', 'x.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.output).toContain('unknown command "frobnicate"');
  });
});
