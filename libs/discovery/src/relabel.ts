import type { Labels } from './target-group';

/** One Prometheus relabel rule (placeholder until every action lands). */
export interface RelabelConfig {
  action: string;
}

export function parseRelabelConfigs(raw: unknown): RelabelConfig[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new Error('relabel_configs must be a list');
  if (raw.length > 0) throw new Error('relabel_configs are not supported yet');
  return [];
}

export function relabel(labels: Labels, configs: RelabelConfig[]): Labels | null {
  if (configs.length > 0) throw new Error('relabel_configs are not supported yet');
  return { ...labels };
}
