import type { DiscoveryOptions } from '../discoverer';
import { joinHostPort, providerJson, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { NomadSdConfig } from './nomad-sd-config';

const P = '__meta_nomad_';
export const NOMAD_LABELS = {
  address: `${P}address`,
  service: `${P}service`,
  namespace: `${P}namespace`,
  nodeId: `${P}node_id`,
  dc: `${P}dc`,
  serviceAddress: `${P}service_address`,
  servicePort: `${P}service_port`,
  serviceId: `${P}service_id`,
  tags: `${P}tags`,
} as const;

/** `GET /v1/services`: service stubs per namespace. */
interface ServiceListStub {
  Namespace: string;
  Services: Array<{ ServiceName: string; Tags: string[] | null }>;
}

/** `GET /v1/service/<name>`: the registrations of one service. */
export interface NomadServiceRegistration {
  ID: string;
  ServiceName: string;
  Namespace: string;
  NodeID: string;
  Datacenter: string;
  Address: string;
  Port: number;
  Tags: string[] | null;
}

/** `nomad_sd_configs`: every registration of every service in Nomad's native service catalog. */
export function createNomadDiscoverer(config: NomadSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const query = new URLSearchParams({ namespace: config.namespace, region: config.region });
  if (config.allowStale) query.set('stale', '');
  const request = (signal: AbortSignal) => ({ client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes });
  return new RefreshDiscoverer({
    mechanism: 'nomad_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const stubs = (await providerJson<ServiceListStub[] | null>(`${config.server}/v1/services?${query}`, request(signal), 'nomad services')).json ?? [];
      const targets: Labels[] = [];
      for (const stub of stubs) {
        for (const service of stub.Services ?? []) {
          const url = `${config.server}/v1/service/${encodeURIComponent(service.ServiceName)}?${query}`;
          const instances = (await providerJson<NomadServiceRegistration[] | null>(url, request(signal), 'failed to fetch services')).json ?? [];
          for (const i of instances) targets.push(nomadTarget(i, config.tagSeparator));
        }
      }
      return [{ source: 'Nomad', targets, labels: {} } satisfies TargetGroup];
    },
  });
}

function nomadTarget(i: NomadServiceRegistration, separator: string): Labels {
  const L = NOMAD_LABELS;
  const labels: Labels = {
    __address__: joinHostPort(i.Address, i.Port),
    [L.address]: i.Address,
    [L.dc]: i.Datacenter,
    [L.nodeId]: i.NodeID,
    [L.namespace]: i.Namespace,
    [L.serviceAddress]: i.Address,
    [L.serviceId]: i.ID,
    [L.servicePort]: String(i.Port),
    [L.service]: i.ServiceName,
  };
  // Wrapped in the separator so `.*,tag,.*` matches, as with Consul.
  if (i.Tags?.length) labels[L.tags] = separator + i.Tags.join(separator) + separator;
  return labels;
}
