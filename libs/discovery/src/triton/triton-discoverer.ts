import type { DiscoveryOptions } from '../discoverer';
import { providerJson, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { TritonSdConfig } from './triton-sd-config';

const P = '__meta_triton_';
export const TRITON_LABELS = {
  groups: `${P}groups`,
  machineId: `${P}machine_id`,
  machineAlias: `${P}machine_alias`,
  machineBrand: `${P}machine_brand`,
  machineImage: `${P}machine_image`,
  serverId: `${P}server_id`,
} as const;

interface ContainersAnswer {
  containers?: Array<{ groups?: string[] | null; server_uuid: string; vm_alias: string; vm_brand: string; vm_image_uuid: string; vm_uuid: string }> | null;
}

interface ComputeNodesAnswer {
  cns?: Array<{ server_uuid: string; server_hostname: string }> | null;
}

/**
 * `triton_sd_configs`: Triton CMON's discovery endpoint over HTTPS — containers
 * (`/v<version>/discover`) or compute nodes (`/v<version>/gz/discover`), each reached at
 * `<uuid>.<dns_suffix>:<port>`. The group's source is the endpoint URL, as in Prometheus.
 */
export function createTritonDiscoverer(config: TritonSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let endpoint = `https://${config.endpoint}:${config.port}/v${config.version}/${config.role === 'cn' ? 'gz/' : ''}discover`;
  if (config.groups.length) endpoint += `?groups=${encodeURIComponent(config.groups.join(','))}`;
  return new RefreshDiscoverer({
    mechanism: 'triton_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const request = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      const address = (uuid: string) => `${uuid}.${config.dnsSuffix}:${config.port}`;
      let targets: Labels[];
      if (config.role === 'container') {
        const { json } = await providerJson<ContainersAnswer>(endpoint, request, 'an error occurred when requesting targets from the discovery endpoint');
        targets = (json.containers ?? []).map((c) => {
          const labels: Labels = {
            [TRITON_LABELS.machineId]: c.vm_uuid,
            [TRITON_LABELS.machineAlias]: c.vm_alias,
            [TRITON_LABELS.machineBrand]: c.vm_brand,
            [TRITON_LABELS.machineImage]: c.vm_image_uuid,
            [TRITON_LABELS.serverId]: c.server_uuid,
            __address__: address(c.vm_uuid),
          };
          if (c.groups?.length) labels[TRITON_LABELS.groups] = `,${c.groups.join(',')},`;
          return labels;
        });
      } else {
        const { json } = await providerJson<ComputeNodesAnswer>(endpoint, request, 'an error occurred when requesting targets from the discovery endpoint');
        targets = (json.cns ?? []).map((cn) => ({ [TRITON_LABELS.machineId]: cn.server_uuid, [TRITON_LABELS.machineAlias]: cn.server_hostname, __address__: address(cn.server_uuid) }));
      }
      return [{ source: endpoint, targets, labels: {} }];
    },
  });
}
