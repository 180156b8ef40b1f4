import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { joinHostPort, providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import type { HetznerSdConfig } from './hetzner-sd-config';

const P = '__meta_hetzner_';
const H = `${P}hcloud_`;
export const HETZNER_LABELS = {
  role: `${P}role`,
  serverId: `${P}server_id`,
  serverName: `${P}server_name`,
  serverStatus: `${P}server_status`,
  datacenter: `${P}datacenter`,
  publicIpv4: `${P}public_ipv4`,
  publicIpv6Network: `${P}public_ipv6_network`,
  robotProduct: `${P}robot_product`,
  robotCancelled: `${P}robot_cancelled`,
} as const;

/** Vendor base URLs; `vendorEndpoints.hetzner_hcloud` / `.hetzner_robot` replace them in tests. */
export const HCLOUD_ENDPOINT = 'https://api.hetzner.cloud/v1';
export const ROBOT_ENDPOINT = 'https://robot-ws.your-server.de';

export interface HcloudServer {
  id: number;
  name: string;
  status: string;
  public_net: { ipv4: { ip: string } | null; ipv6: { ip: string } | null };
  private_net: Array<{ network: number; ip: string }> | null;
  server_type: { name: string; cores: number; cpu_type: string; memory: number; disk: number };
  datacenter: { name: string; location: { name: string; network_zone: string } };
  image: { name: string | null; description: string; os_version: string | null; os_flavor: string } | null;
  labels: Record<string, string> | null;
}

export interface RobotServer {
  server: { server_ip: string; server_number: number; server_name: string; dc: string; status: string; product: string; cancelled: boolean; subnet?: Array<{ ip: string; mask: string }> | null };
}

interface Page<T> {
  meta?: { pagination?: { next_page?: number | null } };
  servers?: T[];
  networks?: Array<{ id: number; name: string }>;
}

/** `hetzner_sd_configs`: Hetzner Cloud servers (role hcloud) or Robot dedicated servers (role robot). */
export function createHetznerDiscoverer(config: HetznerSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const request = (signal: AbortSignal): ProviderRequest => ({ client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes });
  return new RefreshDiscoverer({
    mechanism: 'hetzner_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const targets =
        config.role === 'hcloud'
          ? await hcloudTargets(vendorEndpoint(options, 'hetzner_hcloud', HCLOUD_ENDPOINT), config, request(signal))
          : await robotTargets(vendorEndpoint(options, 'hetzner_robot', ROBOT_ENDPOINT), config, request(signal));
      return [{ source: 'hetzner', targets, labels: {} }];
    },
  });
}

/** Every page of a Hetzner Cloud list (`page`, `per_page`, `meta.pagination.next_page`). */
async function allPages<T>(base: string, path: string, key: 'servers' | 'networks', query: Record<string, string>, request: ProviderRequest): Promise<T[]> {
  const out: T[] = [];
  let page: number | null | undefined = 1;
  while (page) {
    const qs: string = new URLSearchParams({ ...query, page: String(page), per_page: '50' }).toString();
    const answer: { json: Page<T> } = await providerJson<Page<T>>(`${base}${path}?${qs}`, request, `hetzner ${path}`);
    out.push(...((answer.json[key] as T[] | undefined) ?? []));
    page = answer.json.meta?.pagination?.next_page;
  }
  return out;
}

async function hcloudTargets(base: string, config: HetznerSdConfig, request: ProviderRequest): Promise<Labels[]> {
  const servers = await allPages<HcloudServer>(base, '/servers', 'servers', config.labelSelector ? { label_selector: config.labelSelector } : {}, request);
  const networks = await allPages<{ id: number; name: string }>(base, '/networks', 'networks', {}, request);
  const L = HETZNER_LABELS;
  return servers.map((s) => {
    const ipv4 = s.public_net.ipv4?.ip ?? '';
    const labels: Labels = {
      [L.role]: 'hcloud',
      [L.serverId]: String(s.id),
      [L.serverName]: s.name,
      [L.datacenter]: s.datacenter.name,
      [L.publicIpv4]: ipv4,
      [L.publicIpv6Network]: s.public_net.ipv6?.ip ?? '',
      [L.serverStatus]: s.status,
      [`${H}datacenter_location`]: s.datacenter.location.name,
      [`${H}datacenter_location_network_zone`]: s.datacenter.location.network_zone,
      [`${H}server_type`]: s.server_type.name,
      [`${H}cpu_cores`]: String(s.server_type.cores),
      [`${H}cpu_type`]: s.server_type.cpu_type,
      [`${H}memory_size_gb`]: String(Math.trunc(s.server_type.memory)),
      [`${H}disk_size_gb`]: String(s.server_type.disk),
      __address__: joinHostPort(ipv4, config.port),
    };
    if (s.image) {
      labels[`${H}image_name`] = s.image.name ?? '';
      labels[`${H}image_description`] = s.image.description;
      labels[`${H}image_os_version`] = s.image.os_version ?? '';
      labels[`${H}image_os_flavor`] = s.image.os_flavor;
    }
    for (const p of s.private_net ?? []) {
      const network = networks.find((n) => n.id === p.network);
      if (network) labels[`${H}private_ipv4_${sanitizeLabelName(network.name)}`] = p.ip;
    }
    for (const [k, v] of Object.entries(s.labels ?? {})) {
      labels[`${H}label_${sanitizeLabelName(k)}`] = v;
      labels[`${H}labelpresent_${sanitizeLabelName(k)}`] = 'true';
    }
    return labels;
  });
}

async function robotTargets(base: string, config: HetznerSdConfig, request: ProviderRequest): Promise<Labels[]> {
  let servers: RobotServer[];
  try {
    servers = (await providerJson<RobotServer[]>(`${base}/server`, request, 'hetzner robot')).json ?? [];
  } catch (err) {
    const status = /answered HTTP (\d+)/.exec((err as Error).message)?.[1];
    if (status) throw new Error(`non 2xx status '${status}' response during hetzner service discovery with role robot`);
    throw err;
  }
  const L = HETZNER_LABELS;
  return servers.map(({ server: s }) => {
    const labels: Labels = {
      [L.role]: 'robot',
      [L.serverId]: String(s.server_number),
      [L.serverName]: s.server_name,
      [L.datacenter]: s.dc.toLowerCase(),
      [L.publicIpv4]: s.server_ip,
      [L.serverStatus]: s.status,
      [L.robotProduct]: s.product,
      [L.robotCancelled]: String(Boolean(s.cancelled)),
      __address__: joinHostPort(s.server_ip, config.port),
    };
    // The first IPv6 subnet is the server's public IPv6 network.
    const v6 = (s.subnet ?? []).find((n) => n.ip.includes(':'));
    if (v6) labels[L.publicIpv6Network] = `${v6.ip}/${v6.mask}`;
    return labels;
  });
}
