import { defineMechanism } from '../discoverer';
import { createPuppetDbDiscoverer } from './puppetdb-discoverer';
import { parsePuppetDbSdConfig, PuppetDbSdConfig } from './puppetdb-sd-config';

export const puppetDbMechanism = defineMechanism<PuppetDbSdConfig>({
  key: 'puppetdb_sd_configs',
  parse: (raw, ctx) => parsePuppetDbSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createPuppetDbDiscoverer(c, ctx.options),
});
