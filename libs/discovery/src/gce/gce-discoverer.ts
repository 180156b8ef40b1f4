import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import { gceCredentials } from './gce-credentials';
import type { GceSdConfig } from './gce-sd-config';

const P = '__meta_gce_';
export const GCE_LABELS = {
  project: `${P}project`,
  zone: `${P}zone`,
  network: `${P}network`,
  subnetwork: `${P}subnetwork`,
  publicIp: `${P}public_ip`,
  privateIp: `${P}private_ip`,
  interfaceIpv4: `${P}interface_ipv4_`,
  instanceId: `${P}instance_id`,
  instanceName: `${P}instance_name`,
  instanceStatus: `${P}instance_status`,
  tags: `${P}tags`,
  metadata: `${P}metadata_`,
  label: `${P}label_`,
  machineType: `${P}machine_type`,
} as const;

/** The Compute Engine API base; `vendorEndpoints.gce` replaces it in tests. */
export const GCE_ENDPOINT = 'https://compute.googleapis.com/compute/v1';

/** The parts of Compute Engine's Instance resource this mechanism reads. */
export interface GceInstance {
  id: string;
  name: string;
  zone: string;
  status: string;
  machineType: string;
  networkInterfaces?: Array<{ name: string; network: string; subnetwork: string; networkIP: string; accessConfigs?: Array<{ type: string; natIP?: string }> }>;
  tags?: { items?: string[] };
  metadata?: { items?: Array<{ key: string; value?: string | null }> };
  labels?: Record<string, string>;
}

/** `gce_sd_configs`: the instances of one project and zone, on the first interface's private IP. */
export function createGceDiscoverer(config: GceSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const base = vendorEndpoint(options, 'gce', GCE_ENDPOINT);
  const request = (signal: AbortSignal): ProviderRequest => ({ signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes });
  const token = gceCredentials(options, request);
  return new RefreshDiscoverer({
    mechanism: 'gce_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const targets: Labels[] = [];
      let pageToken = '';
      do {
        const query = new URLSearchParams();
        if (config.filter) query.set('filter', config.filter);
        if (pageToken) query.set('pageToken', pageToken);
        const url = `${base}/projects/${encodeURIComponent(config.project)}/zones/${encodeURIComponent(config.zone)}/instances${query.size ? `?${query}` : ''}`;
        const headers = { Authorization: `Bearer ${await token.get(signal)}` };
        let page: { items?: GceInstance[]; nextPageToken?: string };
        try {
          page = (await providerJson<typeof page>(url, { ...request(signal), headers }, 'error retrieving refresh targets from gce')).json;
        } catch (err) {
          // A refused token is fetched anew at the next refresh.
          if (/answered HTTP 401\b/.test((err as Error).message)) token.clear();
          throw err;
        }
        for (const inst of page.items ?? []) {
          const target = instanceTarget(inst, config);
          if (target) targets.push(target);
        }
        pageToken = page.nextPageToken ?? '';
      } while (pageToken);
      return [{ source: `GCE_${config.project}_${config.zone}`, targets, labels: {} }];
    },
  });
}

function instanceTarget(inst: GceInstance, config: GceSdConfig): Labels | null {
  const L = GCE_LABELS;
  const interfaces = inst.networkInterfaces ?? [];
  // An instance without a network interface has no address to scrape.
  if (interfaces.length === 0) return null;
  const primary = interfaces[0];
  const labels: Labels = {
    [L.project]: config.project,
    [L.zone]: inst.zone,
    [L.instanceId]: String(inst.id),
    [L.instanceName]: inst.name,
    [L.instanceStatus]: inst.status,
    [L.machineType]: inst.machineType,
    [L.network]: primary.network,
    [L.subnetwork]: primary.subnetwork,
    [L.privateIp]: primary.networkIP,
    // Prometheus formats `%s:%d` here, not JoinHostPort: GCE interfaces carry IPv4 networkIPs.
    __address__: `${primary.networkIP}:${config.port}`,
  };
  for (const iface of interfaces) labels[L.interfaceIpv4 + sanitizeLabelName(iface.name)] = iface.networkIP;
  const tags = inst.tags?.items ?? [];
  // Wrapped in the separator so a relabel regex need not care where a tag sits.
  if (tags.length > 0) labels[L.tags] = config.tagSeparator + tags.join(config.tagSeparator) + config.tagSeparator;
  for (const item of inst.metadata?.items ?? []) {
    if (item.value === undefined || item.value === null) continue;
    labels[L.metadata + sanitizeLabelName(item.key)] = item.value;
  }
  for (const [key, value] of Object.entries(inst.labels ?? {})) labels[L.label + sanitizeLabelName(key)] = value;
  const access = primary.accessConfigs?.[0];
  if (access?.type === 'ONE_TO_ONE_NAT' && access.natIP) labels[L.publicIp] = access.natIP;
  return labels;
}
