import { mkdtempSync, rmSync, writeFileSync, renameSync, unlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../test/wait-for';
import type { TargetGroup } from '../target-group';
import { FileDiscoverer } from './file-discoverer';
import { parseFileSdConfig } from './file-sd-config';
import { goGlob, goMatch } from './go-glob';

describe('file_sd_configs on real files', () => {
  let dir: string;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-sd-'));
  });
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Latest groups per source, as ServiceDiscovery would hold them. */
  async function start(raw: Record<string, unknown>) {
    const current = new Map<string, TargetGroup>();
    const errors: Error[] = [];
    let updates = 0;
    const d = new FileDiscoverer(parseFileSdConfig(raw, dir), { onError: (_m, e) => errors.push(e) });
    stops.push(() => d.stop());
    await d.start((groups) => {
      updates++;
      for (const g of groups) {
        if (g.targets.length === 0) current.delete(g.source);
        else current.set(g.source, g);
      }
    });
    return { current, errors, updates: () => updates };
  }

  const write = (name: string, content: unknown) => {
    // Write then rename, as config management tools do, so a reader never sees half a file.
    const tmp = join(dir, `.${name}.tmp`);
    writeFileSync(tmp, typeof content === 'string' ? content : JSON.stringify(content));
    renameSync(tmp, join(dir, name));
  };

  it('reads JSON and YAML files matched by a glob, relative to the config directory', async () => {
    write('a.json', [{ targets: ['10.0.0.1:80'], labels: { env: 'prod' } }, { targets: ['10.0.0.2:80'] }]);
    write('b.yml', '- targets: ["10.0.0.3:80"]\n  labels:\n    port: 8080\n');
    write('c.txt', 'ignored');
    const { current } = await start({ files: ['*.json', 'b.yml'] });
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.yml');
    expect([...current.keys()].sort()).toEqual([`${a}:0`, `${a}:1`, `${b}:0`]);
    expect(current.get(`${a}:0`)).toEqual({ source: `${a}:0`, targets: [{ __address__: '10.0.0.1:80' }], labels: { env: 'prod', __meta_filepath: a } });
    // A YAML scalar becomes the string it spells.
    expect(current.get(`${b}:0`)!.labels).toEqual({ port: '8080', __meta_filepath: b });
  });

  it('picks up a rewritten file through the directory watch', async () => {
    write('t.json', [{ targets: ['a:1'] }, { targets: ['b:1'] }]);
    const { current } = await start({ files: ['t.json'], refresh_interval: '1h' });
    const t = join(dir, 't.json');
    expect(current.size).toBe(2);
    write('t.json', [{ targets: ['c:1'] }]);
    // The second group vanished from the file, so its source is cleared with an empty group.
    await waitFor(() => current.size === 1 && current.get(`${t}:0`)?.targets[0].__address__ === 'c:1');
  });

  it('picks up a new file matching the glob and forgets a deleted one', async () => {
    const { current } = await start({ files: ['*.yaml'], refresh_interval: '1h' });
    expect(current.size).toBe(0);
    write('new.yaml', '- targets: [x:1]\n');
    await waitFor(() => current.size === 1);
    unlinkSync(join(dir, 'new.yaml'));
    await waitFor(() => current.size === 0);
  });

  it('keeps the previous groups of a file that no longer parses', async () => {
    write('k.json', [{ targets: ['a:1'] }]);
    const { current, errors, updates } = await start({ files: ['k.json'], refresh_interval: '1h' });
    const before = updates();
    write('k.json', '[{"targets": ["a:1"], "bogus": true}]');
    await waitFor(() => errors.length > 0 && updates() > before);
    expect(errors[0].message).toContain('json: unknown field "bogus"');
    expect(current.get(`${join(dir, 'k.json')}:0`)!.targets).toEqual([{ __address__: 'a:1' }]);
  });

  it('refreshes on refresh_interval even without file events (directory created later)', async () => {
    const sub = join(dir, 'later');
    const { current } = await start({ files: ['later/*.json'], refresh_interval: '50ms' });
    mkdirSync(sub);
    writeFileSync(join(sub, 'x.json'), JSON.stringify([{ targets: ['late:1'] }]));
    await waitFor(() => current.size === 1);
  });
});

describe('file_sd_configs parsing', () => {
  it.each([
    [{ files: [] }, 'files: file service discovery config must contain at least one path name'],
    [{ files: ['a/*/b.json'] }, 'files[0]: path name "a/*/b.json" is not valid for file discovery'],
    [{ files: ['targets.txt'] }, 'path name "targets.txt" is not valid for file discovery'],
    [{ files: ['a.json'], interval: '1m' }, 'interval: field interval not found in type file.SDConfig'],
  ])('%j is refused: %s', (raw, message) => {
    expect(() => parseFileSdConfig(raw, '/etc')).toThrow(message);
  });

  it('defaults refresh_interval to 5m and resolves relative paths', () => {
    expect(parseFileSdConfig({ files: ['sd/*.json', '/abs/x.YAML'] }, '/etc/periskop')).toEqual({
      files: ['/etc/periskop/sd/*.json', '/abs/x.YAML'],
      refreshIntervalMs: 300_000,
    });
  });
});

describe('Go filepath.Match', () => {
  it.each<[string, string, boolean]>([
    ['*.json', 'a.json', true],
    ['*.json', '.hidden.json', true], // no special case for dot files
    ['*.json', 'a/b.json', false], // * never crosses /
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['\\*x', '*x', true],
    ['\\*x', 'ax', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['ü?', 'üé', true],
  ])('%j vs %j → %s', (pattern, name, expected) => {
    expect(goMatch(pattern, name)).toBe(expected);
  });

  it.each(['[abc', 'x\\', '[]a]'])('%j is a malformed pattern', (pattern) => {
    expect(() => goGlob(`/tmp/${pattern}`)).toThrow('syntax error in pattern');
  });
});
