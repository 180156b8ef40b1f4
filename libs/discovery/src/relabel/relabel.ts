import { createHash } from 'node:crypto';
import { ConfigPathError } from '@periskop/common';
import { isValidLabelName } from '../label-names';
import { goExpand, hasTemplateVariable } from './go-expand';
import { GoRegexp } from './go-regexp';
import { goToLower, goToUpper } from './go-strings';
import { LabelBuilder } from './label-builder';
import type { Labels } from '../target-group';

/**
 * Prometheus `relabel_configs` (model/relabel in Prometheus 3): parsing with the same defaults
 * and validation messages, and processing with the same results, label by label.
 */

export const RELABEL_ACTIONS = ['replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase'] as const;
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

export interface RelabelConfig {
  action: RelabelAction;
  /** null when the key was absent (labeldrop/labelkeep refuse even an explicit empty list). */
  sourceLabels: string[] | null;
  separator: string;
  regex: GoRegexp;
  /** True when `regex` was not configured: only then does replace take its fast path. */
  regexIsDefault: boolean;
  targetLabel: string;
  replacement: string;
  /** Go uint64: hashmod arithmetic needs all 64 bits. */
  modulus: bigint;
}

const DEFAULT_SEPARATOR = ';';
const DEFAULT_REGEX_SOURCE = '(.*)';
const DEFAULT_REPLACEMENT = '$1';
const MAX_UINT64 = (1n << 64n) - 1n;
const FIELDS = ['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action'];
// One compiled default, shared like Prometheus's DefaultRelabelConfig.Regex.
const DEFAULT_REGEX = new GoRegexp(DEFAULT_REGEX_SOURCE);

// ---------------------------------------------------------------------------------------------
// Parsing and validation

/** Parses a `relabel_configs` list (snake_case YAML objects). Errors carry the path, e.g. `[2].regex`. */
export function parseRelabelConfigs(raw: unknown): RelabelConfig[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ConfigPathError([], 'relabel_configs must be a list');
  return raw.map((entry, i) => {
    try {
      return parseRelabelConfig(entry);
    } catch (err) {
      if (err instanceof ConfigPathError) throw err.under([i]);
      throw new ConfigPathError([i], (err as Error).message);
    }
  });
}

function parseRelabelConfig(raw: unknown): RelabelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigPathError([], 'each relabel config must be a mapping');
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!FIELDS.includes(key)) throw new ConfigPathError([key], `field ${key} not found in type relabel.Config`);
  }
  const config: RelabelConfig = {
    action: parseAction(obj),
    sourceLabels: parseSourceLabels(obj.source_labels),
    separator: 'separator' in obj ? scalarText(obj.separator, 'separator') : DEFAULT_SEPARATOR,
    regex: DEFAULT_REGEX,
    regexIsDefault: !('regex' in obj),
    targetLabel: 'target_label' in obj ? scalarText(obj.target_label, 'target_label') : '',
    replacement: 'replacement' in obj ? scalarText(obj.replacement, 'replacement') : DEFAULT_REPLACEMENT,
    modulus: parseModulus(obj.modulus),
  };
  if (!config.regexIsDefault) {
    // An explicit null regex is the empty regex, which matches only "" (as yaml.v2 + Prometheus).
    const source = scalarText(obj.regex, 'regex');
    try {
      config.regex = new GoRegexp(source);
    } catch (err) {
      throw new ConfigPathError(['regex'], (err as Error).message);
    }
  }
  validateRelabelConfig(config);
  return config;
}

function parseAction(obj: Record<string, unknown>): RelabelAction {
  if (!('action' in obj)) return 'replace';
  if (obj.action === null) throw new ConfigPathError(['action'], 'relabel action cannot be empty');
  const text = scalarText(obj.action, 'action');
  const action = text.toLowerCase() as RelabelAction;
  if (!RELABEL_ACTIONS.includes(action)) throw new ConfigPathError(['action'], `unknown relabel action ${JSON.stringify(text)}`);
  return action;
}

function parseSourceLabels(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw new ConfigPathError(['source_labels'], 'source_labels must be a list of label names');
  return raw.map((name, i) => {
    const text = typeof name === 'string' ? name : typeof name === 'number' || typeof name === 'boolean' ? String(name) : null;
    if (text === null || !isValidLabelName(text)) {
      throw new ConfigPathError(['source_labels', i], `${JSON.stringify(text ?? name)} is not a valid label name`);
    }
    return text;
  });
}

function parseModulus(raw: unknown): bigint {
  if (raw === undefined || raw === null) return 0n;
  let value: bigint | null = null;
  if (typeof raw === 'bigint') value = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) value = BigInt(raw);
  else if (typeof raw === 'string' && /^\d+$/.test(raw)) value = BigInt(raw);
  if (value === null || value < 0n || value > MAX_UINT64) {
    throw new ConfigPathError(['modulus'], `cannot unmarshal ${JSON.stringify(raw)} into an unsigned 64-bit modulus`);
  }
  return value;
}

/** A YAML scalar read into a Go string field: numbers and booleans keep their text, null is "". */
function scalarText(raw: unknown, field: string): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  throw new ConfigPathError([field], `${field} must be a string`);
}

const NEEDS_TARGET: ReadonlySet<RelabelAction> = new Set(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
const NO_EXPANSION_TARGET: ReadonlySet<RelabelAction> = new Set(['lowercase', 'uppercase', 'keepequal', 'dropequal']);

/** Prometheus's Config.Validate under the UTF-8 name scheme, in its order and wording. */
function validateRelabelConfig(c: RelabelConfig): void {
  const fail = (field: string | null, message: string) => {
    throw new ConfigPathError(field === null ? [] : [field], message);
  };
  const { action } = c;
  if (action === 'hashmod' && c.modulus === 0n) fail('modulus', 'relabel configuration for hashmod requires non-zero modulus');
  if (NEEDS_TARGET.has(action) && c.targetLabel === '') {
    fail('target_label', `relabel configuration for ${action} action requires 'target_label' value`);
  }
  // Under the UTF-8 scheme a target with `$` references only needs to be non-empty valid UTF-8,
  // which is the same check as for a plain label name.
  const invalidTarget = () => fail('target_label', `${JSON.stringify(c.targetLabel)} is invalid 'target_label' for ${action} action`);
  if ((action === 'replace' || action === 'hashmod' || NO_EXPANSION_TARGET.has(action)) && !isValidLabelName(c.targetLabel)) invalidTarget();
  if (NO_EXPANSION_TARGET.has(action) && c.replacement !== DEFAULT_REPLACEMENT) {
    fail('replacement', `'replacement' can not be set for ${action} action`);
  }
  if (action === 'labelmap' && !isValidLabelName(c.replacement)) {
    fail('replacement', `${JSON.stringify(c.replacement)} is invalid 'replacement' for labelmap action`);
  }
  if ((action === 'keepequal' || action === 'dropequal') && (!c.regexIsDefault || c.modulus !== 0n || c.separator !== DEFAULT_SEPARATOR || c.replacement !== DEFAULT_REPLACEMENT)) {
    fail(null, `${action} action requires only 'source_labels' and \`target_label\`, and no other fields`);
  }
  if (
    (action === 'labeldrop' || action === 'labelkeep') &&
    (c.sourceLabels !== null || c.targetLabel !== '' || c.modulus !== 0n || c.separator !== DEFAULT_SEPARATOR || c.replacement !== DEFAULT_REPLACEMENT)
  ) {
    fail(null, `${action} action requires only 'regex', and no other fields`);
  }
}

// ---------------------------------------------------------------------------------------------
// Processing

/**
 * Applies the rules in order. Returns the resulting labels sorted by name, or null when a rule
 * dropped the target. Empty values count as absent, and a rule that sets "" deletes the label.
 */
export function relabel(labels: Labels, configs: RelabelConfig[]): Labels | null {
  const builder = new LabelBuilder(labels);
  for (const config of configs) {
    if (!applyRule(builder, config)) return null;
  }
  return builder.labels();
}

/** One rule; false means "drop the target". */
function applyRule(lb: LabelBuilder, c: RelabelConfig): boolean {
  const val = (c.sourceLabels ?? []).map((name) => lb.get(name)).join(c.separator);
  switch (c.action) {
    case 'drop':
      return !c.regex.matchString(val);
    case 'keep':
      return c.regex.matchString(val);
    case 'dropequal':
      return lb.get(c.targetLabel) !== val;
    case 'keepequal':
      return lb.get(c.targetLabel) === val;
    case 'replace':
      applyReplace(lb, c, val);
      return true;
    case 'lowercase':
      lb.set(c.targetLabel, goToLower(val));
      return true;
    case 'uppercase':
      lb.set(c.targetLabel, goToUpper(val));
      return true;
    case 'hashmod':
      lb.set(c.targetLabel, hashMod(val, c.modulus).toString());
      return true;
    case 'labelmap':
      lb.range((name, value) => {
        const match = c.regex.findSubmatch(name);
        if (!match) return;
        // The regex is anchored, so ReplaceAllString replaces exactly once: the whole name.
        const newName = goExpand(c.replacement, match);
        if (isValidLabelName(newName)) lb.set(newName, value);
      });
      return true;
    case 'labeldrop':
      lb.range((name) => {
        if (c.regex.matchString(name)) lb.del(name);
      });
      return true;
    case 'labelkeep':
      lb.range((name) => {
        if (!c.regex.matchString(name)) lb.del(name);
      });
      return true;
  }
}

function applyReplace(lb: LabelBuilder, c: RelabelConfig, val: string): void {
  // Prometheus's fast path: nothing to match or expand, so set (or, with "", delete) directly.
  if (val === '' && c.regexIsDefault && !hasTemplateVariable(c.targetLabel) && !hasTemplateVariable(c.replacement)) {
    lb.set(c.targetLabel, c.replacement);
    return;
  }
  const match = c.regex.findSubmatch(val);
  if (!match) return;
  const target = goExpand(c.targetLabel, match);
  if (!isValidLabelName(target)) return;
  const value = goExpand(c.replacement, match);
  if (value === '') lb.del(target);
  else lb.set(target, value);
}

/** md5 of the value; bytes 8..16 as a big-endian uint64, modulo `modulus`. */
export function hashMod(value: string, modulus: bigint): bigint {
  const digest = createHash('md5').update(value, 'utf8').digest();
  return digest.readBigUInt64BE(8) % modulus;
}
