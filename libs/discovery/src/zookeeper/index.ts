import { defineMechanism } from '../discoverer';
import { nerveMember, serversetMember } from './members';
import { ZookeeperDiscoverer } from './zookeeper-discoverer';
import { parseZookeeperSdConfig, ZookeeperSdConfig } from './zookeeper-sd-config';

export const serversetMechanism = defineMechanism<ZookeeperSdConfig>({
  key: 'serverset_sd_configs',
  parse: (raw) => parseZookeeperSdConfig(raw, 'serverset'),
  create: (c, ctx) => new ZookeeperDiscoverer(c, 'serverset_sd_configs', serversetMember, ctx.options),
});

export const nerveMechanism = defineMechanism<ZookeeperSdConfig>({
  key: 'nerve_sd_configs',
  parse: (raw) => parseZookeeperSdConfig(raw, 'nerve'),
  create: (c, ctx) => new ZookeeperDiscoverer(c, 'nerve_sd_configs', nerveMember, ctx.options),
});
