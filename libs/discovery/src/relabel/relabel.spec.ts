import { createHash } from 'node:crypto';
import { ConfigPathError } from '@periskop/common';
import { hashMod, parseRelabelConfigs, relabel } from './relabel';
import { goExpand } from './go-expand';
import { goToLower, goToUpper } from './go-strings';

type Raw = Record<string, unknown>;
const run = (labels: Record<string, string>, ...rules: Raw[]) => relabel(labels, parseRelabelConfigs(rules));

describe('relabel actions', () => {
  it.each<[string, Record<string, string>, Raw[], Record<string, string> | null]>([
    ['replace with defaults copies $1', { a: 'foo' }, [{ source_labels: ['a'], target_label: 'b' }], { a: 'foo', b: 'foo' }],
    ['replace joins sources with the separator', { a: 'foo', b: 'bar' }, [{ source_labels: ['a', 'b'], separator: '-', target_label: 'c' }], { a: 'foo', b: 'bar', c: 'foo-bar' }],
    ['replace with a capture group', { a: 'foo.bar' }, [{ source_labels: ['a'], regex: '(f.*)\\.(.*)', target_label: 'b', replacement: '$2-$1' }], { a: 'foo.bar', b: 'bar-foo' }],
    ['replace: no match leaves labels alone', { a: 'foo' }, [{ source_labels: ['a'], regex: 'x(.*)', target_label: 'b' }], { a: 'foo' }],
    ['regex is anchored at both ends', { a: 'xfoox' }, [{ source_labels: ['a'], regex: 'foo', target_label: 'b', replacement: 'hit' }], { a: 'xfoox' }],
    ['dot matches a newline (?s)', { a: 'x\ny' }, [{ source_labels: ['a'], regex: 'x.y', target_label: 'b', replacement: 'hit' }], { a: 'x\ny', b: 'hit' }],
    ['replace from a missing label deletes the target', { a: 'foo', x: 'old' }, [{ source_labels: ['missing'], target_label: 'x' }], { a: 'foo' }],
    ['fast path sets a constant', { a: 'foo' }, [{ target_label: 'env', replacement: 'prod' }], { a: 'foo', env: 'prod' }],
    ['target label with $ expansion', { a: 'zone' }, [{ source_labels: ['a'], regex: '(.*)', target_label: 'lbl_$1', replacement: 'v' }], { a: 'zone', lbl_zone: 'v' }],
    ['expanded target that is empty skips the rule', { a: 'foo' }, [{ source_labels: ['a'], target_label: '${2}', replacement: 'v' }], { a: 'foo' }],
    ['empty replacement deletes the target', { a: 'foo', b: 'x' }, [{ source_labels: ['a'], target_label: 'b', replacement: '' }], { a: 'foo' }],
    ['$1x names group "1x", so the value is empty and the label is deleted', { a: 'foo', b: 'x' }, [{ source_labels: ['a'], target_label: 'b', replacement: '$1x' }], { a: 'foo' }],
    ['${1}x appends text', { a: 'foo' }, [{ source_labels: ['a'], target_label: 'b', replacement: '${1}x' }], { a: 'foo', b: 'foox' }],
    ['$$ is a literal dollar', { a: 'foo' }, [{ source_labels: ['a'], target_label: 'b', replacement: '$$1' }], { a: 'foo', b: '$1' }],
    ['named groups (?P<n>) and ${n}', { a: 'web-7' }, [{ source_labels: ['a'], regex: '(?P<role>\\w+)-(?<n>\\d+)', target_label: 'b', replacement: '${n}/$role' }], { a: 'web-7', b: '7/web' }],
    ['non-participating group is empty', { a: 'b' }, [{ source_labels: ['a'], regex: '(a)|(b)', target_label: 't', replacement: '[$1][$2]' }], { a: 'b', t: '[][b]' }],
    ['RE2 character classes', { a: 'Ab12' }, [{ source_labels: ['a'], regex: '[[:alpha:]]+(\\d+)', target_label: 'n' }], { a: 'Ab12', n: '12' }],
    ['keep keeps a match', { a: 'foo' }, [{ source_labels: ['a'], regex: 'f.*', action: 'keep' }], { a: 'foo' }],
    ['keep drops a non-match', { a: 'bar' }, [{ source_labels: ['a'], regex: 'f.*', action: 'keep' }], null],
    ['keep compares the whole value', { a: 'foobar' }, [{ source_labels: ['a'], regex: 'foo', action: 'keep' }], null],
    ['drop drops a match', { a: 'foo' }, [{ source_labels: ['a'], regex: 'f.*', action: 'drop' }], null],
    ['drop keeps a non-match', { a: 'bar' }, [{ source_labels: ['a'], regex: 'f.*', action: 'drop' }], { a: 'bar' }],
    ['action is case-insensitive', { a: 'foo' }, [{ source_labels: ['a'], regex: 'f.*', action: 'DROP' }], null],
    ['keepequal keeps equal', { a: 'x', b: 'x' }, [{ source_labels: ['a'], target_label: 'b', action: 'keepequal' }], { a: 'x', b: 'x' }],
    ['keepequal drops unequal', { a: 'x', b: 'y' }, [{ source_labels: ['a'], target_label: 'b', action: 'keepequal' }], null],
    ['dropequal drops equal', { a: 'x', b: 'x' }, [{ source_labels: ['a'], target_label: 'b', action: 'dropequal' }], null],
    ['dropequal: two absent labels are equal ("")', { a: 'x' }, [{ source_labels: ['m'], target_label: 'n', action: 'dropequal' }], null],
    ['dropequal keeps unequal', { a: 'x', b: 'y' }, [{ source_labels: ['a'], target_label: 'b', action: 'dropequal' }], { a: 'x', b: 'y' }],
    ['lowercase', { a: 'FoO' }, [{ source_labels: ['a'], target_label: 'b', action: 'lowercase' }], { a: 'FoO', b: 'foo' }],
    ['uppercase', { a: 'FoO' }, [{ source_labels: ['a'], target_label: 'b', action: 'uppercase' }], { a: 'FoO', b: 'FOO' }],
    ['lowercase of an absent label deletes the target', { b: 'x' }, [{ source_labels: ['a'], target_label: 'b', action: 'lowercase' }], {}],
    ['hashmod', { c: 'baz' }, [{ source_labels: ['c'], target_label: 'd', action: 'hashmod', modulus: 1000 }], { c: 'baz', d: '976' }],
    ['labelmap copies matching names', { __meta_x_a: '1', __meta_x_b: '2', c: '3' }, [{ regex: '__meta_x_(.+)', action: 'labelmap' }], { __meta_x_a: '1', __meta_x_b: '2', a: '1', b: '2', c: '3' }],
    ['labelmap with a replacement template', { foo: '1' }, [{ regex: '(f)(.*)', replacement: '${2}_$1', action: 'labelmap' }], { foo: '1', oo_f: '1' }],
    ['labelmap: the later source wins a name collision', { a_x: '1', b_x: '2' }, [{ regex: '.*_(x)', action: 'labelmap' }], { a_x: '1', b_x: '2', x: '2' }],
    ['labeldrop', { a: '1', b: '2', ab: '3' }, [{ regex: 'a.*', action: 'labeldrop' }], { b: '2' }],
    ['labelkeep', { a: '1', b: '2', ab: '3' }, [{ regex: 'a.*', action: 'labelkeep' }], { a: '1', ab: '3' }],
    ['labelkeep of nothing is an empty set, not a drop', { a: '1' }, [{ regex: 'z', action: 'labelkeep' }], {}],
    ['UTF-8 label names as target', { a: 'v' }, [{ source_labels: ['a'], target_label: 'service.name ✓' }], { a: 'v', 'service.name ✓': 'v' }],
    ['UTF-8 label names as source', { 'k8s.pod/name': 'p1' }, [{ source_labels: ['k8s.pod/name'], target_label: 'pod' }], { 'k8s.pod/name': 'p1', pod: 'p1' }],
    ['empty input values are absent', { a: '' }, [{ source_labels: ['a'], regex: '', action: 'keep' }], {}],
    ['explicit null regex is the empty regex', { a: 'x' }, [{ source_labels: ['a'], regex: null, action: 'keep' }], null],
  ])('%s', (_name, input, rules, expected) => {
    expect(run(input, ...rules)).toEqual(expected);
  });

  it('stops at the first rule that drops', () => {
    expect(run({ a: 'x' }, { source_labels: ['a'], action: 'drop', regex: 'x' }, { target_label: 'b', replacement: 'y' })).toBeNull();
  });

  it('applies rules in order, each seeing the previous result', () => {
    const out = run({ a: 'x' }, { source_labels: ['a'], target_label: 'b' }, { source_labels: ['b'], target_label: 'c', replacement: '${1}2' });
    expect(out).toEqual({ a: 'x', b: 'x', c: 'x2' });
  });

  it('returns labels sorted by name', () => {
    expect(Object.keys(run({ z: '1', a: '2' }, { target_label: 'm', replacement: '3' })!)).toEqual(['a', 'm', 'z']);
  });
});

describe('Go Regexp.Expand', () => {
  const match = { groups: ['whole', 'one', null, 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'], names: { n: 3 } };
  it.each([
    ['$1', 'one'],
    ['${1}', 'one'],
    ['$1x', ''],
    ['${1}x', 'onex'],
    ['$10', 'ten'],
    ['${1}0', 'one0'],
    ['$0', 'whole'],
    ['$01', ''],
    ['$2', ''],
    ['$11', ''],
    ['$$', '$'],
    ['$$1', '$1'],
    ['$n', 'three'],
    ['${n}', 'three'],
    ['$n.x', 'three.x'],
    ['$nope', ''],
    ['a${1-$-${x', 'a${1-$-${x'],
    ['${}', '${}'],
    ['$', '$'],
    ['x$ y', 'x$ y'],
    ['${1', '${1'],
    ['$ü', ''],
    ['plain', 'plain'],
  ])('%j expands to %j', (template, expected) => {
    expect(goExpand(template, match)).toBe(expected);
  });
});

describe('hashmod', () => {
  // Computed independently: first 8 bytes dropped, next 8 read as one big-endian number from hex.
  const expected = (value: string, modulus: bigint) => BigInt(`0x${createHash('md5').update(value).digest('hex').slice(16)}`) % modulus;

  it.each([
    ['baz', 1000n, 976n], // Prometheus's own test vector
    ['foo', 1000n, 696n],
  ])('%s mod %d = %d', (value, modulus, result) => {
    expect(hashMod(value, modulus)).toBe(result);
  });

  it.each(['', 'foo', 'ünïcödé', '10.0.0.1:9100', 'a'.repeat(1000)])('%j matches md5[8:16] for a 64-bit modulus', (value) => {
    const modulus = (1n << 64n) - 1n;
    expect(hashMod(value, modulus)).toBe(expected(value, modulus));
    expect(hashMod(value, 7n)).toBe(expected(value, 7n));
  });

  it('accepts a modulus above 2^53 as a bigint', () => {
    const [c] = parseRelabelConfigs([{ source_labels: ['a'], action: 'hashmod', target_label: 'h', modulus: 18446744073709551615n }]);
    expect(relabel({ a: 'foo' }, [c])!.h).toBe(expected('foo', 18446744073709551615n).toString());
  });
});

describe('Go case mapping', () => {
  it.each([
    ['ABC', 'abc'],
    ['İ', 'i'], // simple mapping: one rune, not "i̇"
    ['ΟΔΟΣ', 'οδοσ'], // no final-sigma rule
  ])('lower %j = %j', (input, output) => expect(goToLower(input)).toBe(output));
  it.each([
    ['abc', 'ABC'],
    ['ß', 'ß'], // no "SS"
    ['ﬁ', 'ﬁ'],
    ['ᾳ', 'ᾼ'],
  ])('upper %j = %j', (input, output) => expect(goToUpper(input)).toBe(output));
});

describe('relabel config validation', () => {
  it('applies Prometheus 3 defaults', () => {
    const [c] = parseRelabelConfigs([{ target_label: 'x' }]);
    expect(c).toMatchObject({ action: 'replace', separator: ';', replacement: '$1', sourceLabels: null, modulus: 0n, regexIsDefault: true });
    expect(c.regex.source).toBe('(.*)');
  });

  it.each<[Raw, string, string]>([
    [{ action: 'replace' }, '[0].target_label', "relabel configuration for replace action requires 'target_label' value"],
    [{ action: 'hashmod', target_label: 'x' }, '[0].modulus', 'relabel configuration for hashmod requires non-zero modulus'],
    [{ action: 'hashmod', modulus: 2 }, '[0].target_label', "relabel configuration for hashmod action requires 'target_label' value"],
    [{ action: 'lowercase' }, '[0].target_label', "relabel configuration for lowercase action requires 'target_label' value"],
    [{ action: 'uppercase' }, '[0].target_label', "relabel configuration for uppercase action requires 'target_label' value"],
    [{ action: 'keepequal' }, '[0].target_label', "relabel configuration for keepequal action requires 'target_label' value"],
    [{ action: 'dropequal' }, '[0].target_label', "relabel configuration for dropequal action requires 'target_label' value"],
    [{ action: 'lowercase', target_label: 'x', replacement: 'y' }, '[0].replacement', "'replacement' can not be set for lowercase action"],
    [{ action: 'labelmap', replacement: '' }, '[0].replacement', `"" is invalid 'replacement' for labelmap action`],
    [{ action: 'replace', target_label: 'bad\uD800' }, '[0].target_label', `"bad\\ud800" is invalid 'target_label' for replace action`],
    [{ action: 'keepequal', target_label: 'x', regex: '(.*)' }, '[0]', "keepequal action requires only 'source_labels' and `target_label`, and no other fields"],
    [{ action: 'dropequal', target_label: 'x', separator: ',' }, '[0]', "dropequal action requires only 'source_labels' and `target_label`, and no other fields"],
    [{ action: 'labeldrop', source_labels: [] }, '[0]', "labeldrop action requires only 'regex', and no other fields"],
    [{ action: 'labelkeep', target_label: 'x' }, '[0]', "labelkeep action requires only 'regex', and no other fields"],
    [{ action: 'labelkeep', separator: ',' }, '[0]', "labelkeep action requires only 'regex', and no other fields"],
    [{ action: 'frobnicate' }, '[0].action', 'unknown relabel action "frobnicate"'],
    [{ action: null }, '[0].action', 'relabel action cannot be empty'],
    [{ target_label: 'x', regx: 'a' }, '[0].regx', 'field regx not found in type relabel.Config'],
    [{ target_label: 'x', regex: 'abc(def' }, '[0].regex', 'error parsing regexp: missing closing )'],
    [{ target_label: 'x', regex: 'a(?=b)' }, '[0].regex', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    [{ target_label: 'x', regex: '(?<=a)b' }, '[0].regex', 'error parsing regexp: invalid named capture'],
    [{ target_label: 'x', regex: '(a)\\1' }, '[0].regex', 'error parsing regexp: invalid escape sequence: `\\1`'],
    [{ target_label: 'x', regex: '(?>a)' }, '[0].regex', 'error parsing regexp: invalid or unsupported Perl syntax: `(?>`'],
    [{ target_label: 'x', source_labels: [''] }, '[0].source_labels[0]', '"" is not a valid label name'],
    [{ action: 'hashmod', target_label: 'x', modulus: -1 }, '[0].modulus', 'unsigned 64-bit modulus'],
  ])('%j → %s: %s', (rule, path, message) => {
    let error: unknown;
    try {
      parseRelabelConfigs([rule]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigPathError);
    const e = error as ConfigPathError;
    expect(e.message.startsWith(`${path}: `)).toBe(true);
    expect(e.reason).toContain(message);
  });

  it('names the index of the failing rule', () => {
    expect(() => parseRelabelConfigs([{ target_label: 'a' }, { target_label: 'b' }, { action: 'replace' }])).toThrow(
      "[2].target_label: relabel configuration for replace action requires 'target_label' value",
    );
  });

  it('accepts explicit $1 replacement and valid actions in any case', () => {
    expect(() => parseRelabelConfigs([{ action: 'Lowercase', target_label: 'x', replacement: '$1' }])).not.toThrow();
  });

  it('refuses a non-list', () => {
    expect(() => parseRelabelConfigs({ action: 'drop' })).toThrow('relabel_configs must be a list');
  });
});
