import { defineMechanism } from '../discoverer';
import { FileDiscoverer } from './file-discoverer';
import { FileSdConfig, parseFileSdConfig } from './file-sd-config';

export const fileMechanism = defineMechanism<FileSdConfig>({
  key: 'file_sd_configs',
  parse: (raw, ctx) => parseFileSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => new FileDiscoverer(c, ctx.options),
});
