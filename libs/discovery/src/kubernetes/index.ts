import { defineMechanism } from '../discoverer';
import { KubernetesDiscoverer } from './kubernetes-discoverer';
import { KubernetesSdConfig, parseKubernetesSdConfig } from './kubernetes-sd-config';

export const kubernetesMechanism = defineMechanism<KubernetesSdConfig>({
  key: 'kubernetes_sd_configs',
  parse: (raw, ctx) => parseKubernetesSdConfig(raw, ctx.baseDir),
  create: (c, ctx) => new KubernetesDiscoverer(c, ctx.options),
});
