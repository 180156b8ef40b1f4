import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ERROR_INDEX_KEY_COUNT,
  errorPageKeys,
  expireKeysKeys,
  expireTargetsKeys,
  KEYS_PER_AGGREGATE,
  MERGE_FIXED_KEYS,
  mergePayloadKeys,
  rebuildIndexKeys,
  resolveErrorKeys,
  servicePrefix,
} from './keys';
import { runScript, scriptSource } from './scripts';

const LUA = join(__dirname, 'lua');
const scripts = readdirSync(LUA).filter((f) => f.endsWith('.lua'));

describe('Lua scripts', () => {
  it('are named <name>-<numberOfKeys>.lua and open with a header listing KEYS, ARGV and the return value', () => {
    for (const file of scripts) {
      expect(file).toMatch(/^[a-z-]+-(\d+|n)\.lua$/);
      const header = /^--\[\[([\s\S]*?)\]\]/.exec(readFileSync(join(LUA, file), 'utf8'))?.[1] ?? '';
      expect([file, /KEYS\[1\]/.test(header), /ARGV\[1\]/.test(header), /Returns/.test(header)]).toEqual([file, true, true, true]);
    }
  });

  it('spell no key name: every key comes from KEYS, built by keys.ts', () => {
    for (const file of scripts) {
      const code = readFileSync(join(LUA, file), 'utf8')
        .replace(/^--\[\[[\s\S]*?\]\]/, '')
        .replace(/--.*$/gm, '');
      // A key built in Lua would concatenate a prefix or a suffix literal.
      expect([file, code.match(/\.\.\s*'[a-z]+:'|'[a-z]+:'\s*\.\.|prefix/g)]).toEqual([file, null]);
      expect([file, /(?:redis\.call|rcall)\(\s*'[A-Z]+'\s*,\s*['"]/.test(code)]).toEqual([file, false]);
    }
  });

  it('pull shared Lua in with --- @include', () => {
    const merge = scriptSource('mergePayload');
    expect(merge).not.toContain('--- @include');
    expect(merge).toContain('local function redisNowMs()');
    expect(merge).toContain('local function formatCount(n)');
  });
});

describe('keys.ts builds each call’s KEYS', () => {
  it('in the order the scripts document, all in the service’s slot', () => {
    const merge = mergePayloadKeys('svc', 'uuid@10.0.0.1:80', ['a', 'b']);
    expect(MERGE_FIXED_KEYS).toBe(9 + ERROR_INDEX_KEY_COUNT);
    expect(merge).toHaveLength(MERGE_FIXED_KEYS + 2 * KEYS_PER_AGGREGATE);
    expect(merge.slice(9, 11)).toEqual(['ix:latest:active:any', 'ix:latest:active:error'].map((k) => `${servicePrefix('svc')}${k}`));
    expect(merge[MERGE_FIXED_KEYS - 1]).toBe(`${servicePrefix('svc')}ixtot`);
    expect(merge.slice(MERGE_FIXED_KEYS, MERGE_FIXED_KEYS + 6)).toEqual(['s:a', 'd:a', 'tm:a', 'th:a', 'ru:a', 'b:a'].map((k) => `${servicePrefix('svc')}${k}`));
    for (const keys of [merge, resolveErrorKeys('svc', 'a'), expireTargetsKeys('svc', ['t1']), expireKeysKeys('svc', ['a']), errorPageKeys('svc'), rebuildIndexKeys('svc')]) {
      for (const key of keys) expect(key.startsWith('periskop:{svc}:')).toBe(true);
    }
  });

  it('a script with a fixed key count refuses another count before calling Redis', () => {
    const redis = {} as never;
    expect(() => runScript(redis, 'resolveError', ['only-one'], ['k'])).toThrow('resolve-error-54.lua takes 54 keys, got 1');
  });
});
