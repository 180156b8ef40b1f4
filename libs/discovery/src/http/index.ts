import { defineMechanism } from '../discoverer';
import { createHttpDiscoverer } from './http-discoverer';
import { HttpSdConfig, parseHttpSdConfig } from './http-sd-config';

export const httpMechanism = defineMechanism<HttpSdConfig>({
  key: 'http_sd_configs',
  parse: (raw, ctx) => parseHttpSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createHttpDiscoverer(c, ctx.options),
});
