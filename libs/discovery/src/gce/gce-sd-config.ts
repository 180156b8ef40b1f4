import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';

/** One `gce_sd_configs` entry, with Prometheus's defaults. */
export interface GceSdConfig {
  project: string;
  zone: string;
  filter: string;
  refreshIntervalMs: number;
  port: number;
  tagSeparator: string;
}

const KEYS = ['project', 'zone', 'filter', 'refresh_interval', 'port', 'tag_separator'];

export function parseGceSdConfig(raw: unknown): GceSdConfig {
  const r = ConfigReader.of(raw, 'gce.SDConfig', KEYS);
  const project = r.string('project');
  if (project === '') throw new ConfigPathError(['project'], 'GCE SD configuration requires a project');
  const zone = r.string('zone');
  if (zone === '') throw new ConfigPathError(['zone'], 'GCE SD configuration requires a zone');
  return {
    project,
    zone,
    filter: r.string('filter'),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    port: r.int('port', 80, 0, 65535),
    tagSeparator: r.string('tag_separator', ','),
  };
}
