import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from '../internal/config-reader';

/** One `serverset_sd_configs` or `nerve_sd_configs` entry. */
export interface ZookeeperSdConfig {
  servers: string[];
  paths: string[];
  timeoutMs: number;
}

/** Both ZooKeeper mechanisms take the same fields and validate them the same way, by name. */
export function parseZookeeperSdConfig(raw: unknown, kind: 'serverset' | 'nerve'): ZookeeperSdConfig {
  const r = ConfigReader.of(raw, kind === 'serverset' ? 'zookeeper.ServersetSDConfig' : 'zookeeper.NerveSDConfig', ['servers', 'paths', 'timeout']);
  const servers = r.stringList('servers');
  if (servers.length === 0) throw new ConfigPathError(['servers'], `${kind} SD config must contain at least one Zookeeper server`);
  const paths = r.stringList('paths');
  if (paths.length === 0) throw new ConfigPathError(['paths'], `${kind} SD config must contain at least one path`);
  paths.forEach((p, i) => {
    if (!p.startsWith('/')) throw new ConfigPathError(['paths', i], `${kind} SD config paths must begin with '/': ${p}`);
  });
  return { servers, paths, timeoutMs: r.duration('timeout', 10_000) };
}
