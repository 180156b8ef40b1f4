import { isValidLabelName } from '../label-names';
import type { Labels } from '../target-group';

/**
 * The static-config list format shared by file_sd and http_sd:
 * `[{ "targets": ["host:port"], "labels": { "k": "v" } }]`. JSON is strict about types (label
 * values must be strings); YAML scalars keep their text, as yaml.v2 reads them into strings.
 */
export interface ListedGroup {
  targets: string[];
  labels: Labels;
}

export function parseTargetGroupList(data: unknown, format: 'json' | 'yaml'): ListedGroup[] {
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) throw new Error('expected a list of target groups');
  return data.map((item, i) => {
    if (item === null) throw new Error('nil target group item found');
    if (typeof item !== 'object' || Array.isArray(item)) throw new Error(`target group ${i}: expected an object with targets and labels`);
    for (const key of Object.keys(item)) {
      if (key !== 'targets' && key !== 'labels') throw new Error(format === 'json' ? `json: unknown field ${JSON.stringify(key)}` : `field ${key} not found in type targetgroup.Group`);
    }
    const { targets = [], labels = {} } = item as { targets?: unknown; labels?: unknown };
    if (!Array.isArray(targets)) throw new Error(`target group ${i}: targets must be a list of strings`);
    const texts = targets.map((t) => scalar(t, format, `target group ${i}: target`));
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) throw new Error(`target group ${i}: labels must be an object`);
    const out: Labels = {};
    for (const [name, value] of Object.entries(labels)) {
      if (!isValidLabelName(name)) throw new Error(`${JSON.stringify(name)} is not a valid label name`);
      out[name] = scalar(value, format, `target group ${i}: label ${name}`);
    }
    return { targets: texts, labels: out };
  });
}

function scalar(value: unknown, format: 'json' | 'yaml', what: string): string {
  if (typeof value === 'string') return value;
  if (format === 'yaml' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  throw new Error(`${what} must be a string`);
}
