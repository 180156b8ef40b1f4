import { defineMechanism } from '../discoverer';
import { parseStaticConfig } from './static-config';
import { StaticConfig, StaticDiscoverer } from './static-discoverer';

export const staticMechanism = defineMechanism<StaticConfig>({
  key: 'static_configs',
  parse: (raw) => parseStaticConfig(raw),
  create: (c, ctx) => new StaticDiscoverer(c, `static/${ctx.index}`),
});
