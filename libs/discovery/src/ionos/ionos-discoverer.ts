import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { joinHostPort, providerJson, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import type { IonosSdConfig } from './ionos-sd-config';

const P = '__meta_ionos_server_';
export const IONOS_LABELS = {
  availabilityZone: `${P}availability_zone`,
  bootCdromId: `${P}boot_cdrom_id`,
  bootImageId: `${P}boot_image_id`,
  bootVolumeId: `${P}boot_volume_id`,
  cpuFamily: `${P}cpu_family`,
  id: `${P}id`,
  ip: `${P}ip`,
  lifecycle: `${P}lifecycle`,
  name: `${P}name`,
  nicIpPrefix: `${P}nic_ip_`,
  serversId: `${P}servers_id`,
  state: `${P}state`,
  type: `${P}type`,
} as const;

/** The vendor base URL; `vendorEndpoints.ionos` replaces it in tests. */
export const IONOS_ENDPOINT = 'https://api.ionos.com';
const SEPARATOR = ',';

export interface IonosServers {
  id: string;
  items: Array<{
    id: string;
    metadata: { state: string };
    properties: { name: string; availabilityZone: string; vmState: string; cpuFamily: string; type: string; bootCdrom?: { id: string } | null; bootVolume?: { id: string } | null };
    entities?: { volumes?: { items?: Array<{ properties: { image?: string | null } }> }; nics?: { items?: Array<{ properties: { name?: string | null; ips?: string[] | null } }> } } | null;
  }>;
}

const join = (items: string[]) => SEPARATOR + items.join(SEPARATOR) + SEPARATOR;

/** `ionos_sd_configs`: the servers of one IONOS Cloud data center (depth 3: NICs and volumes inline). */
export function createIonosDiscoverer(config: IonosSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const url = `${vendorEndpoint(options, 'ionos', IONOS_ENDPOINT)}/cloudapi/v6/datacenters/${encodeURIComponent(config.datacenterId)}/servers?depth=3`;
  return new RefreshDiscoverer({
    mechanism: 'ionos_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const { json } = await providerJson<IonosServers>(
        url,
        { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes },
        'ionos servers',
      );
      const targets: Labels[] = [];
      for (const s of json.items ?? []) {
        // Each NIC's addresses go in front of those seen so far (Prometheus's order): the first
        // address of the last NIC is the target's.
        let ips: string[] = [];
        const byNic = new Map<string, string[]>();
        for (const nic of s.entities?.nics?.items ?? []) {
          const name = nic.properties.name ?? 'unnamed';
          const nicIps = nic.properties.ips ?? [];
          ips = [...nicIps, ...ips];
          byNic.set(name, [...nicIps, ...(byNic.get(name) ?? [])]);
        }
        // A server without addresses cannot be scraped and is left out.
        if (ips.length === 0) continue;
        const L = IONOS_LABELS;
        const labels: Labels = {
          __address__: joinHostPort(ips[0], config.port),
          [L.availabilityZone]: s.properties.availabilityZone,
          [L.cpuFamily]: s.properties.cpuFamily,
          [L.serversId]: json.id,
          [L.id]: s.id,
          [L.ip]: join(ips),
          [L.lifecycle]: s.metadata.state,
          [L.name]: s.properties.name,
          [L.state]: s.properties.vmState,
          [L.type]: s.properties.type,
        };
        for (const [nic, nicIps] of byNic) labels[L.nicIpPrefix + sanitizeLabelName(nic)] = join(nicIps);
        if (s.properties.bootCdrom) labels[L.bootCdromId] = s.properties.bootCdrom.id;
        if (s.properties.bootVolume) labels[L.bootVolumeId] = s.properties.bootVolume.id;
        const image = s.entities?.volumes?.items?.[0]?.properties.image;
        if (image) labels[L.bootImageId] = image;
        targets.push(labels);
      }
      return [{ source: 'ionos', targets, labels: {} }];
    },
  });
}
