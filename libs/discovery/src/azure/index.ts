import { defineMechanism } from '../discoverer';
import { createAzureDiscoverer } from './azure-discoverer';
import { AzureSdConfig, parseAzureSdConfig } from './azure-sd-config';

export const azureMechanism = defineMechanism<AzureSdConfig>({
  key: 'azure_sd_configs',
  parse: (raw, ctx) => parseAzureSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => createAzureDiscoverer(c, ctx.options),
});
