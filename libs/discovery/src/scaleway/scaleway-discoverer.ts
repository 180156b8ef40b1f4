import { readFileSync } from 'node:fs';
import type { DiscoveryOptions } from '../discoverer';
import { joinHostPort, providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { ScalewaySdConfig } from './scaleway-sd-config';

const I = '__meta_scaleway_instance_';
const B = '__meta_scaleway_baremetal_';
const SEPARATOR = ',';
const join = (items: string[]) => SEPARATOR + items.join(SEPARATOR) + SEPARATOR;

export interface ScalewayInstance {
  id: string;
  name: string;
  organization: string;
  project: string;
  commercial_type: string;
  hostname: string;
  state: string;
  boot_type: string;
  zone: string;
  tags?: string[] | null;
  image?: { id: string; name: string; arch: string } | null;
  location?: { cluster_id: string; hypervisor_id: string; node_id: string } | null;
  security_group?: { id: string; name: string } | null;
  public_ips?: Array<{ address: string; family: 'inet' | 'inet6' }> | null;
  public_ip?: { address: string } | null;
  ipv6?: { address: string } | null;
  private_ip?: string | null;
}

export interface ScalewayBaremetal {
  id: string;
  name: string;
  zone: string;
  status: string;
  offer_id: string;
  install?: { os_id: string } | null;
  tags?: string[] | null;
  ips?: Array<{ address: string; version: string }> | null;
}

/** `scaleway_sd_configs`: Scaleway instances or Elastic Metal servers of one zone, through `api_url`. */
export function createScalewayDiscoverer(config: ScalewaySdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  return new RefreshDiscoverer({
    mechanism: 'scaleway_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      // The secret key is the API token; a file is read each time so it can rotate.
      const token = config.secretKeyFile ? readFileSync(config.secretKeyFile, 'utf8').trim() : (config.secretKey ?? '');
      const request: ProviderRequest = {
        client: config.client,
        signal,
        timeoutMs: providerTimeoutMs(config.refreshIntervalMs),
        maxBodyBytes: options.maxResponseBytes,
        headers: { 'X-Auth-Token': token },
      };
      const targets = config.role === 'instance' ? await instanceTargets(config, request) : await baremetalTargets(config, request);
      return [{ source: 'scaleway', targets, labels: {} }];
    },
  });
}

/** Every page of a Scaleway list (`page`, `per_page`, `total_count`). */
async function allPages<T>(url: string, key: string, query: Record<string, string>, request: ProviderRequest): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const qs = new URLSearchParams({ ...query, page: String(page), per_page: '50' });
    const answer: { json: Record<string, unknown> } = await providerJson<Record<string, unknown>>(`${url}?${qs}`, request, `scaleway ${key}`);
    const items = (answer.json[key] as T[] | undefined) ?? [];
    out.push(...items);
    const total = Number(answer.json.total_count ?? out.length);
    if (items.length === 0 || out.length >= total) return out;
  }
}

async function instanceTargets(config: ScalewaySdConfig, request: ProviderRequest): Promise<Labels[]> {
  const query: Record<string, string> = {};
  if (config.nameFilter) query.name = config.nameFilter;
  if (config.tagsFilter.length) query.tags = config.tagsFilter.join(',');
  const servers = await allPages<ScalewayInstance>(`${config.apiUrl}/instance/v1/zones/${config.zone}/servers`, 'servers', query, request);
  const targets: Labels[] = [];
  for (const s of servers) {
    const labels: Labels = {
      [`${I}boot_type`]: s.boot_type,
      [`${I}hostname`]: s.hostname,
      [`${I}id`]: s.id,
      [`${I}name`]: s.name,
      [`${I}organization_id`]: s.organization,
      [`${I}project_id`]: s.project,
      [`${I}status`]: s.state,
      [`${I}type`]: s.commercial_type,
      [`${I}zone`]: s.zone,
    };
    if (s.image) Object.assign(labels, { [`${I}image_arch`]: s.image.arch, [`${I}image_id`]: s.image.id, [`${I}image_name`]: s.image.name });
    if (s.location)
      Object.assign(labels, { [`${I}location_cluster_id`]: s.location.cluster_id, [`${I}location_hypervisor_id`]: s.location.hypervisor_id, [`${I}location_node_id`]: s.location.node_id });
    if (s.security_group) Object.assign(labels, { [`${I}security_group_id`]: s.security_group.id, [`${I}security_group_name`]: s.security_group.name });
    // A zone such as fr-par-1 belongs to the region fr-par.
    const region = /^([a-z]+-[a-z]+)-\d+$/.exec(s.zone)?.[1];
    if (region) labels[`${I}region`] = region;
    if (s.tags?.length) labels[`${I}tags`] = join(s.tags);
    // Prometheus's precedence for the address: private IP, then the legacy public IPv4, then
    // the legacy IPv6, then the first public IPv4, then the first public IPv6.
    let address = '';
    const v4 = (s.public_ips ?? []).filter((ip) => ip.family === 'inet').map((ip) => ip.address);
    const v6 = (s.public_ips ?? []).filter((ip) => ip.family === 'inet6').map((ip) => ip.address);
    if (v6.length) [address, labels[`${I}public_ipv6_addresses`]] = [v6[0], join(v6)];
    if (v4.length) [address, labels[`${I}public_ipv4_addresses`]] = [v4[0], join(v4)];
    if (s.ipv6) [address, labels[`${I}public_ipv6`]] = [s.ipv6.address, s.ipv6.address];
    if (s.public_ip) [address, labels[`${I}public_ipv4`]] = [s.public_ip.address, s.public_ip.address];
    if (s.private_ip) [address, labels[`${I}private_ipv4`]] = [s.private_ip, s.private_ip];
    if (address === '') continue;
    labels.__address__ = joinHostPort(address, config.port);
    targets.push(labels);
  }
  return targets;
}

async function baremetalTargets(config: ScalewaySdConfig, request: ProviderRequest): Promise<Labels[]> {
  const base = `${config.apiUrl}/baremetal/v1/zones/${config.zone}`;
  const query: Record<string, string> = { project_id: config.projectId };
  if (config.nameFilter) query.name = config.nameFilter;
  if (config.tagsFilter.length) query.tags = config.tagsFilter.join(',');
  const servers = await allPages<ScalewayBaremetal>(`${base}/servers`, 'servers', query, request);
  const offers = await allPages<{ id: string; name: string }>(`${base}/offers`, 'offers', {}, request);
  const systems = await allPages<{ id: string; name: string; version: string }>(`${base}/os`, 'os', {}, request);
  const targets: Labels[] = [];
  for (const s of servers) {
    const labels: Labels = { [`${B}id`]: s.id, [`${B}name`]: s.name, [`${B}zone`]: s.zone, [`${B}status`]: s.status };
    const offer = offers.find((o) => o.id === s.offer_id);
    if (offer) labels[`${B}type`] = offer.name;
    const os = s.install ? systems.find((o) => o.id === s.install?.os_id) : undefined;
    if (os) Object.assign(labels, { [`${B}os_name`]: os.name, [`${B}os_version`]: os.version });
    if (s.tags?.length) labels[`${B}tags`] = join(s.tags);
    for (const ip of s.ips ?? []) {
      targets.push({ ...labels, [`${B}ip_version`]: ip.version, [`${B}ip_is_public`]: 'true', __address__: joinHostPort(ip.address, config.port) });
    }
  }
  return targets;
}
