import { defineMechanism } from '../discoverer';
import { createEc2Discoverer } from './ec2-discoverer';
import { Ec2SdConfig, parseEc2SdConfig } from './ec2-sd-config';

export const ec2Mechanism = defineMechanism<Ec2SdConfig>({
  key: 'ec2_sd_configs',
  parse: (raw) => parseEc2SdConfig(raw),
  create: (c, ctx) => createEc2Discoverer(c, ctx.options),
});
