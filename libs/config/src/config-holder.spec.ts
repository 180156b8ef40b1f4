import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigHolder, hashText } from './config-holder';
import { loadConfigFile } from './load-config';

describe('ConfigHolder', () => {
  let dir: string;
  let file: string;
  const service = (name: string, interval = '10s') => `- name: ${name}\n  static_configs:\n  - targets: ['127.0.0.1:1']\n  scraper:\n    endpoint: /errors\n    refresh_interval: ${interval}\n`;
  const write = (...services: string[]) => {
    const text = `services:\n${services.join('')}`;
    writeFileSync(file, text);
    return text;
  };
  const holderOf = () => new ConfigHolder(file, loadConfigFile(file));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'periskop-holder-'));
    file = join(dir, 'periskop.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with the loaded config, its file hash as version and a successful last reload', () => {
    const text = write(service('a'));
    const holder = holderOf();
    expect(holder.current.services.map((s) => s.name)).toEqual(['a']);
    expect(holder.version).toBe(hashText(text));
    expect(holder.lastReloadSuccessful).toBe(true);
  });

  it('replaces the config on a valid file and tells the listeners the new and the previous config', () => {
    write(service('a'), service('b'));
    const holder = holderOf();
    const seen: string[][] = [];
    holder.onChange((next, previous) => seen.push([...next.services.map((s) => s.name), '|', ...previous.services.map((s) => s.name)]));
    const text = write(service('b', '3s'), service('c'));
    const outcome = holder.reload();
    expect(outcome).toEqual({ ok: true, changed: true, version: hashText(text) });
    expect(holder.current.services.map((s) => [s.name, s.scraper.refreshIntervalMs])).toEqual([
      ['b', 3000],
      ['c', 10_000],
    ]);
    expect(seen).toEqual([['b', 'c', '|', 'a', 'b']]);
  });

  it('answers unchanged, and tells nobody, when the file is the same', () => {
    write(service('a'));
    const holder = holderOf();
    const listener = jest.fn();
    holder.onChange(listener);
    expect(holder.reload()).toMatchObject({ ok: true, changed: false });
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps the running config on an invalid file, lists every problem with its line, and marks the reload failed', () => {
    const text = write(service('a'));
    const holder = holderOf();
    const before = holder.lastSuccessAtMs;
    const listener = jest.fn();
    holder.onChange(listener);
    writeFileSync(file, `services:\n- name: a\n  scraper:\n    refresh_interval: soon\n- name: a\n  bogus: 1\n`);
    const outcome = holder.reload();
    expect(outcome.ok).toBe(false);
    const problems = outcome.ok ? [] : outcome.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/services\[0\]\.scraper\.refresh_interval \(line 4\)/),
        expect.stringMatching(/services\[1\]\.name \(line 5\): duplicate service name "a"/),
        expect.stringMatching(/services\[1\]\.bogus \(line 6\): unknown key "bogus"/),
      ]),
    );
    expect(holder.current.services.map((s) => s.name)).toEqual(['a']);
    expect(holder.version).toBe(hashText(text));
    expect(holder.lastReloadSuccessful).toBe(false);
    expect(holder.lastSuccessAtMs).toBe(before);
    expect(listener).not.toHaveBeenCalled();

    // Fixed again: the reload succeeds (and the unchanged config is not announced).
    write(service('a'));
    expect(holder.reload()).toMatchObject({ ok: true, changed: false });
    expect(holder.lastReloadSuccessful).toBe(true);
  });

  it('keeps the running config when the file is gone', () => {
    write(service('a'));
    const holder = holderOf();
    unlinkSync(file);
    const outcome = holder.reload();
    expect(outcome).toMatchObject({ ok: false, problems: [expect.stringContaining('cannot read file')] });
    expect(holder.current.services.map((s) => s.name)).toEqual(['a']);
  });
});
