/**
 * Go's `Regexp.Expand` template language, which Prometheus uses for `target_label` and
 * `replacement`. It differs from JS `String.prototype.replace`: `$1x` names a group called `1x`,
 * `$10` is always group 10, `${name}` is the brace form, and a malformed reference keeps its `$`.
 */

/** A regexp match: group texts by index (null when the group did not take part) and group names. */
export interface SubmatchResult {
  groups: ReadonlyArray<string | null>;
  names: Readonly<Record<string, number>>;
}

// Go's extract() accepts unicode.IsLetter, unicode.IsDigit (category Nd) and '_'.
const NAME_CHAR = /[\p{L}\p{Nd}_]/u;
const MAX_GROUP_NUMBER = 1e8;

interface Reference {
  name: string;
  /** Group index, or -1 when `name` must be looked up as a named group. */
  num: number;
  /** Index in the template just past the reference. */
  end: number;
}

/** Parses the reference that starts right after a `$` at `start`; null when it is malformed. */
function parseReference(template: string, start: number): Reference | null {
  let i = start;
  const brace = template[i] === '{';
  if (brace) i++;
  const nameStart = i;
  while (i < template.length) {
    const cp = template.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === nameStart) return null;
  const name = template.slice(nameStart, i);
  if (brace) {
    if (template[i] !== '}') return null;
    i++;
  }
  return { name, num: groupNumber(name), end: i };
}

/** An all-ASCII-digit name below 1e8 without a leading zero (except `0`) is a group index. */
function groupNumber(name: string): number {
  let num = 0;
  for (const ch of name) {
    if (ch < '0' || ch > '9' || num >= MAX_GROUP_NUMBER) return -1;
    num = num * 10 + (ch.charCodeAt(0) - 48);
  }
  if (name.length > 1 && name[0] === '0') return -1;
  return num;
}

function resolve(ref: Reference, match: SubmatchResult): string {
  if (ref.num >= 0) return match.groups[ref.num] ?? '';
  const index = match.names[ref.name];
  return index === undefined ? '' : (match.groups[index] ?? '');
}

export function goExpand(template: string, match: SubmatchResult): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const ref = parseReference(template, i);
    if (!ref) {
      // Malformed: the `$` stays as text and scanning continues after it.
      out += '$';
      continue;
    }
    out += resolve(ref, match);
    i = ref.end;
  }
  return out + template.slice(i);
}

/** Whether a template refers to anything (Prometheus's varInRegexTemplate: it contains a `$`). */
export function hasTemplateVariable(template: string): boolean {
  return template.includes('$');
}
