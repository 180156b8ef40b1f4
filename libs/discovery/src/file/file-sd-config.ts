import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';

/** One `file_sd_configs` entry; `files` are absolute (relative ones resolved against the config's directory). */
export interface FileSdConfig {
  files: string[];
  refreshIntervalMs: number;
}

const KEYS = ['files', 'refresh_interval'];
// Prometheus's check: a `*` only in the last path segment, and a JSON or YAML extension.
const FILE_PATTERN = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

export function parseFileSdConfig(raw: unknown, baseDir: string): FileSdConfig {
  const r = ConfigReader.of(raw, 'file.SDConfig', KEYS);
  const files = r.stringList('files');
  if (files.length === 0) throw new ConfigPathError(['files'], 'file service discovery config must contain at least one path name');
  files.forEach((file, i) => {
    if (!FILE_PATTERN.test(file)) throw new ConfigPathError(['files', i], `path name ${JSON.stringify(file)} is not valid for file discovery`);
  });
  return {
    files: files.map((f) => (isAbsolute(f) ? f : resolve(baseDir, f))),
    refreshIntervalMs: r.duration('refresh_interval', 5 * 60_000),
  };
}
