import type { DiscoveryOptions } from '../discoverer';
import { joinHostPort, providerJson, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { vendorEndpoint } from '../internal/vendor-endpoint';
import type { Labels } from '../target-group';
import type { DigitalOceanSdConfig } from './digitalocean-sd-config';

const P = '__meta_digitalocean_';
export const DIGITALOCEAN_LABELS = {
  dropletId: `${P}droplet_id`,
  dropletName: `${P}droplet_name`,
  image: `${P}image`,
  imageName: `${P}image_name`,
  privateIpv4: `${P}private_ipv4`,
  publicIpv4: `${P}public_ipv4`,
  publicIpv6: `${P}public_ipv6`,
  region: `${P}region`,
  size: `${P}size`,
  status: `${P}status`,
  features: `${P}features`,
  tags: `${P}tags`,
  vpc: `${P}vpc`,
} as const;

/** The vendor base URL; `vendorEndpoints.digitalocean` replaces it in tests. */
export const DIGITALOCEAN_ENDPOINT = 'https://api.digitalocean.com/v2';
const SEPARATOR = ',';

interface Network {
  ip_address: string;
  type: string;
}

export interface Droplet {
  id: number;
  name: string;
  status: string;
  image: { slug?: string; name?: string } | null;
  region: { slug: string } | null;
  size_slug: string;
  vpc_uuid?: string;
  features?: string[] | null;
  tags?: string[] | null;
  networks: { v4?: Network[] | null; v6?: Network[] | null } | null;
}

/** `digitalocean_sd_configs`: every droplet with an IPv4 network, on its public IPv4. */
export function createDigitalOceanDiscoverer(config: DigitalOceanSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const base = vendorEndpoint(options, 'digitalocean', DIGITALOCEAN_ENDPOINT);
  return new RefreshDiscoverer({
    mechanism: 'digitalocean_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const request = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      const droplets: Droplet[] = [];
      for (let page = 1; ; page++) {
        const { json } = await providerJson<{ droplets?: Droplet[]; links?: { pages?: { next?: string } } }>(
          `${base}/droplets?page=${page}&per_page=200`,
          request,
          `error while listing droplets page ${page}`,
        );
        droplets.push(...(json.droplets ?? []));
        if (!json.links?.pages?.next) break;
      }
      return [{ source: 'DigitalOcean', targets: droplets.filter((d) => d.networks?.v4?.length).map((d) => dropletTarget(d, config.port)), labels: {} }];
    },
  });
}

function address(networks: Network[] | null | undefined, type: string): string {
  return (networks ?? []).find((n) => n.type === type)?.ip_address ?? '';
}

function dropletTarget(d: Droplet, port: number): Labels {
  const L = DIGITALOCEAN_LABELS;
  const publicIpv4 = address(d.networks?.v4, 'public');
  const labels: Labels = {
    [L.dropletId]: String(d.id),
    [L.dropletName]: d.name,
    [L.image]: d.image?.slug ?? '',
    [L.imageName]: d.image?.name ?? '',
    [L.privateIpv4]: address(d.networks?.v4, 'private'),
    [L.publicIpv4]: publicIpv4,
    [L.publicIpv6]: address(d.networks?.v6, 'public'),
    [L.region]: d.region?.slug ?? '',
    [L.size]: d.size_slug,
    [L.status]: d.status,
    [L.vpc]: d.vpc_uuid ?? '',
    __address__: joinHostPort(publicIpv4, port),
  };
  if (d.features?.length) labels[L.features] = SEPARATOR + d.features.join(SEPARATOR) + SEPARATOR;
  if (d.tags?.length) labels[L.tags] = SEPARATOR + d.tags.join(SEPARATOR) + SEPARATOR;
  return labels;
}
