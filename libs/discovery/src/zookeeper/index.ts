import { defineMechanism } from '../discoverer';
import { nerveMember, serversetMember } from './members';
import { parseZookeeperSdConfig, ZookeeperSdConfig } from './zookeeper-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (the ZooKeeper client and its dependencies).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discoverer = () => require('./zookeeper-discoverer') as typeof import('./zookeeper-discoverer');

export const serversetMechanism = defineMechanism<ZookeeperSdConfig>({
  key: 'serverset_sd_configs',
  parse: (raw) => parseZookeeperSdConfig(raw, 'serverset'),
  create: (c, ctx) => new (discoverer().ZookeeperDiscoverer)(c, 'serverset_sd_configs', serversetMember, ctx.options),
});

export const nerveMechanism = defineMechanism<ZookeeperSdConfig>({
  key: 'nerve_sd_configs',
  parse: (raw) => parseZookeeperSdConfig(raw, 'nerve'),
  create: (c, ctx) => new (discoverer().ZookeeperDiscoverer)(c, 'nerve_sd_configs', nerveMember, ctx.options),
});
