import type { DiscoveryOptions } from '../discoverer';
import { joinHostPort, providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import type { LinodeSdConfig } from './linode-sd-config';

const P = '__meta_linode_';
export const LINODE_LABELS = {
  instanceId: `${P}instance_id`,
  instanceLabel: `${P}instance_label`,
  image: `${P}image`,
  privateIpv4: `${P}private_ipv4`,
  publicIpv4: `${P}public_ipv4`,
  publicIpv6: `${P}public_ipv6`,
  privateIpv4Rdns: `${P}private_ipv4_rdns`,
  publicIpv4Rdns: `${P}public_ipv4_rdns`,
  publicIpv6Rdns: `${P}public_ipv6_rdns`,
  region: `${P}region`,
  type: `${P}type`,
  status: `${P}status`,
  tags: `${P}tags`,
  group: `${P}group`,
  gpus: `${P}gpus`,
  hypervisor: `${P}hypervisor`,
  backups: `${P}backups`,
  specsDiskBytes: `${P}specs_disk_bytes`,
  specsMemoryBytes: `${P}specs_memory_bytes`,
  specsVcpus: `${P}specs_vcpus`,
  specsTransferBytes: `${P}specs_transfer_bytes`,
  extraIps: `${P}extra_ips`,
} as const;

/** The vendor base URL; `vendorEndpoints.linode` replaces it in tests. */
export const LINODE_ENDPOINT = 'https://api.linode.com/v4';
const MIB = 1 << 20;

export interface LinodeInstance {
  id: number;
  label: string;
  image: string | null;
  region: string;
  type: string;
  status: string;
  group: string;
  hypervisor: string;
  ipv4: string[];
  ipv6: string | null;
  tags: string[];
  backups: { enabled: boolean };
  specs: { disk: number; memory: number; vcpus: number; transfer: number; gpus: number };
}

export interface LinodeIp {
  address: string;
  public: boolean;
  rdns: string | null;
}

/**
 * `linode_sd_configs`: every Linode instance with an IPv4 address, on its public IPv4. Each
 * refresh lists instances and IP details in full (Prometheus polls account events between full
 * lists; the targets are the same).
 */
export function createLinodeDiscoverer(config: LinodeSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const base = vendorEndpoint(options, 'linode', LINODE_ENDPOINT);
  return new RefreshDiscoverer({
    mechanism: 'linode_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const request: ProviderRequest = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      const instances = await allPages<LinodeInstance>(`${base}/linode/instances`, request);
      const ips = await allPages<LinodeIp>(`${base}/networking/ips`, request);
      return [{ source: 'Linode', targets: instances.filter((i) => i.ipv4?.length).map((i) => instanceTarget(i, ips, config)), labels: {} }];
    },
  });
}

async function allPages<T>(url: string, request: ProviderRequest): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1, pages = 1; page <= pages; page++) {
    const answer: { json: { data?: T[]; pages?: number } } = await providerJson<{ data?: T[]; pages?: number }>(`${url}?page=${page}&page_size=500`, request, 'linode');
    out.push(...(answer.json.data ?? []));
    pages = answer.json.pages ?? 1;
  }
  return out;
}

const rdnsOf = (ip: LinodeIp) => (ip.rdns && ip.rdns !== 'null' ? ip.rdns : '');

function instanceTarget(i: LinodeInstance, ips: LinodeIp[], config: LinodeSdConfig): Labels {
  let privateIpv4 = '';
  let publicIpv4 = '';
  let publicIpv6 = '';
  let privateRdns = '';
  let publicRdns = '';
  let publicV6Rdns = '';
  const extra: string[] = [];
  for (const address of i.ipv4) {
    for (const ip of ips) {
      if (ip.address !== address) continue;
      if (ip.public && publicIpv4 === '') [publicIpv4, publicRdns] = [ip.address, rdnsOf(ip)];
      else if (!ip.public && privateIpv4 === '') [privateIpv4, privateRdns] = [ip.address, rdnsOf(ip)];
      else extra.push(ip.address);
    }
  }
  if (i.ipv6) {
    const v6 = i.ipv6.split('/')[0];
    for (const ip of ips) if (ip.address === v6) [publicIpv6, publicV6Rdns] = [ip.address, rdnsOf(ip)];
  }
  const L = LINODE_LABELS;
  const sep = config.tagSeparator;
  const labels: Labels = {
    [L.instanceId]: String(i.id),
    [L.instanceLabel]: i.label,
    [L.image]: i.image ?? '',
    [L.privateIpv4]: privateIpv4,
    [L.publicIpv4]: publicIpv4,
    [L.publicIpv6]: publicIpv6,
    [L.privateIpv4Rdns]: privateRdns,
    [L.publicIpv4Rdns]: publicRdns,
    [L.publicIpv6Rdns]: publicV6Rdns,
    [L.region]: i.region,
    [L.type]: i.type,
    [L.status]: i.status,
    [L.group]: i.group,
    [L.gpus]: String(i.specs.gpus ?? 0),
    [L.hypervisor]: i.hypervisor,
    [L.backups]: i.backups?.enabled ? 'enabled' : 'disabled',
    // The API reports MiB; the labels are bytes.
    [L.specsDiskBytes]: String(i.specs.disk * MIB),
    [L.specsMemoryBytes]: String(i.specs.memory * MIB),
    [L.specsVcpus]: String(i.specs.vcpus),
    [L.specsTransferBytes]: String(i.specs.transfer * MIB),
    __address__: joinHostPort(publicIpv4, config.port),
  };
  if (i.tags?.length) labels[L.tags] = sep + i.tags.join(sep) + sep;
  if (extra.length) labels[L.extraIps] = sep + extra.join(sep) + sep;
  return labels;
}
