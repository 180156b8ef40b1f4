import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';
import { HTTP_CLIENT_KEYS, HttpClientConfig, parseHttpClientConfig } from '../internal/http-client-config';

/** One `scaleway_sd_configs` entry, with Prometheus's defaults. */
export interface ScalewaySdConfig {
  role: 'instance' | 'baremetal';
  projectId: string;
  apiUrl: string;
  zone: string;
  accessKey: string;
  secretKey: string | null;
  secretKeyFile: string | null;
  nameFilter: string;
  tagsFilter: string[];
  port: number;
  refreshIntervalMs: number;
  client: HttpClientConfig;
}

const KEYS = ['role', 'project_id', 'api_url', 'zone', 'access_key', 'secret_key', 'secret_key_file', 'name_filter', 'tags_filter', 'port', 'refresh_interval', ...HTTP_CLIENT_KEYS];

export function parseScalewaySdConfig(raw: unknown, baseDir: string): ScalewaySdConfig {
  const r = ConfigReader.of(raw, 'scaleway.SDConfig', KEYS);
  const role = r.string('role');
  if (role === '') throw new ConfigPathError(['role'], 'role missing (one of: instance, baremetal)');
  if (role !== 'instance' && role !== 'baremetal') throw new ConfigPathError(['role'], `unknown role ${JSON.stringify(role)}`);
  const projectId = r.string('project_id');
  if (projectId === '') throw new ConfigPathError(['project_id'], 'project_id is mandatory');
  const secretKey = r.string('secret_key') || null;
  const file = r.string('secret_key_file');
  if (!secretKey && !file) throw new ConfigPathError(['secret_key'], 'one of secret_key & secret_key_file must be configured');
  if (secretKey && file) throw new ConfigPathError(['secret_key'], 'at most one of secret_key & secret_key_file must be configured');
  const accessKey = r.string('access_key');
  if (accessKey === '') throw new ConfigPathError(['access_key'], 'access_key is mandatory');
  return {
    role,
    projectId,
    apiUrl: r.string('api_url', 'https://api.scaleway.com').replace(/\/$/, ''),
    zone: r.string('zone', 'fr-par-1'),
    accessKey,
    secretKey,
    secretKeyFile: file ? (isAbsolute(file) ? file : resolve(baseDir, file)) : null,
    nameFilter: r.string('name_filter'),
    tagsFilter: r.stringList('tags_filter'),
    port: r.int('port', 80, 0, 65535),
    refreshIntervalMs: r.duration('refresh_interval', 60_000),
    client: parseHttpClientConfig(r, baseDir),
  };
}
