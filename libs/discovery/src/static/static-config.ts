import { ConfigPathError } from '@periskop/common';
import type { StaticConfig } from './static-discoverer';

/** Validates one `static_configs` entry (targets + labels; unknown keys refused). */
export function parseStaticConfig(raw: unknown): StaticConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigPathError([], 'must be a mapping with targets and labels');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'targets' && key !== 'labels') throw new ConfigPathError([key], `field ${key} not found in type static_config`);
  }
  const targets = obj.targets ?? [];
  if (!Array.isArray(targets)) throw new ConfigPathError(['targets'], 'must be a list of host:port strings');
  targets.forEach((t, i) => {
    if (typeof t !== 'string' || t === '') throw new ConfigPathError(['targets', i], 'must be a non-empty host:port string');
  });
  const labels = obj.labels ?? {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw new ConfigPathError(['labels'], 'must be a mapping of label names to values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ConfigPathError(['labels', k], 'label value must be a string');
    out[k] = String(v);
  }
  return { targets: targets as string[], labels: out };
}
