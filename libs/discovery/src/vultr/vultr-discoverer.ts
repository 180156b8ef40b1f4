import type { DiscoveryOptions } from '../discoverer';
import { joinHostPort, providerJson, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import type { VultrSdConfig } from './vultr-sd-config';

const P = '__meta_vultr_instance_';
export const VULTR_LABELS = {
  id: `${P}id`,
  label: `${P}label`,
  os: `${P}os`,
  osId: `${P}os_id`,
  region: `${P}region`,
  plan: `${P}plan`,
  mainIp: `${P}main_ip`,
  mainIpv6: `${P}main_ipv6`,
  internalIp: `${P}internal_ip`,
  features: `${P}features`,
  tags: `${P}tags`,
  hostname: `${P}hostname`,
  serverStatus: `${P}server_status`,
  vcpuCount: `${P}vcpu_count`,
  ramMb: `${P}ram_mb`,
  allowedBandwidthGb: `${P}allowed_bandwidth_gb`,
  diskGb: `${P}disk_gb`,
} as const;

/** The vendor base URL; `vendorEndpoints.vultr` replaces it in tests. */
export const VULTR_ENDPOINT = 'https://api.vultr.com/v2';
const SEPARATOR = ',';

export interface VultrInstance {
  id: string;
  label: string;
  os: string;
  os_id: number;
  region: string;
  plan: string;
  main_ip: string;
  v6_main_ip: string;
  internal_ip: string;
  hostname: string;
  server_status: string;
  vcpu_count: number;
  ram: number;
  allowed_bandwidth: number;
  disk: number;
  features?: string[] | null;
  tags?: string[] | null;
}

/** `vultr_sd_configs`: every Vultr instance (cursor pagination), on its main IP. */
export function createVultrDiscoverer(config: VultrSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const base = vendorEndpoint(options, 'vultr', VULTR_ENDPOINT);
  return new RefreshDiscoverer({
    mechanism: 'vultr_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const request = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      const instances: VultrInstance[] = [];
      let cursor = '';
      do {
        const qs = new URLSearchParams({ per_page: '100', ...(cursor ? { cursor } : {}) });
        const answer: { json: { instances?: VultrInstance[]; meta?: { links?: { next?: string } } } } = await providerJson(`${base}/instances?${qs}`, request, 'vultr instances');
        instances.push(...(answer.json.instances ?? []));
        cursor = answer.json.meta?.links?.next ?? '';
      } while (cursor);
      return [{ source: 'Vultr', targets: instances.map((i) => instanceTarget(i, config.port)), labels: {} }];
    },
  });
}

function instanceTarget(i: VultrInstance, port: number): Labels {
  const L = VULTR_LABELS;
  const labels: Labels = {
    [L.id]: i.id,
    [L.label]: i.label,
    [L.os]: i.os,
    [L.osId]: String(i.os_id),
    [L.region]: i.region,
    [L.plan]: i.plan,
    [L.vcpuCount]: String(i.vcpu_count),
    [L.ramMb]: String(i.ram),
    [L.allowedBandwidthGb]: String(i.allowed_bandwidth),
    [L.diskGb]: String(i.disk),
    [L.mainIp]: i.main_ip,
    [L.mainIpv6]: i.v6_main_ip,
    [L.internalIp]: i.internal_ip,
    [L.hostname]: i.hostname,
    [L.serverStatus]: i.server_status,
    __address__: joinHostPort(i.main_ip, port),
  };
  if (i.features?.length) labels[L.features] = SEPARATOR + i.features.join(SEPARATOR) + SEPARATOR;
  if (i.tags?.length) labels[L.tags] = SEPARATOR + i.tags.join(SEPARATOR) + SEPARATOR;
  return labels;
}
