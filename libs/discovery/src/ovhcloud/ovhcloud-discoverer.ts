import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { DiscoveryOptions } from '../discoverer';
import { providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { OvhcloudSdConfig } from './ovhcloud-sd-config';

const P = '__meta_ovhcloud_';

export interface OvhVps {
  name: string;
  displayName: string;
  zone: string;
  cluster: string;
  state: string;
  netbootMode: string;
  memoryLimit: number;
  offerType: string;
  vcore: number;
  keymap?: string[] | null;
  monitoringIpBlocks?: string[] | null;
  model: { name: string; offer: string; version: string; vcore: number; disk: number; memory: number; maximumAdditionnalIp: number; datacenter?: string[] | null };
}

export interface OvhDedicatedServer {
  name: string;
  state: string;
  commercialRange: string;
  linkSpeed: number;
  rack: string;
  noIntervention: boolean;
  os: string;
  supportLevel: string;
  serverId: number;
  reverse: string;
  datacenter: string;
}

/** Go's `%+v` of a string slice: `[a b]`. */
const goList = (items: string[] | null | undefined) => `[${(items ?? []).join(' ')}]`;

/**
 * `ovhcloud_sd_configs`: OVHcloud VPS or dedicated servers through the signed OVHcloud API
 * (application key, consumer key, and a `$1$` SHA-1 signature over secret, method, URL, body
 * and a timestamp aligned on the API's `/auth/time`). `instance` is the server's name.
 */
export function createOvhcloudDiscoverer(config: OvhcloudSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let clockDelta: number | null = null;
  return new RefreshDiscoverer({
    mechanism: 'ovhcloud_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const base: ProviderRequest = { signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes };
      if (clockDelta === null) {
        const { json } = await providerJson<number>(`${config.endpoint}/auth/time`, base, 'ovhcloud time');
        clockDelta = json - Math.floor(Date.now() / 1000);
      }
      const get = async <T>(path: string): Promise<T> => {
        const url = `${config.endpoint}${path}`;
        const timestamp = String(Math.floor(Date.now() / 1000) + (clockDelta ?? 0));
        const signature = createHash('sha1').update([config.applicationSecret, config.consumerKey, 'GET', url, '', timestamp].join('+')).digest('hex');
        const headers = { 'X-Ovh-Application': config.applicationKey, 'X-Ovh-Consumer': config.consumerKey, 'X-Ovh-Timestamp': timestamp, 'X-Ovh-Signature': `$1$${signature}` };
        return (await providerJson<T>(url, { ...base, headers }, `ovhcloud ${config.service}`)).json;
      };
      const root = config.service === 'vps' ? '/vps' : '/dedicated/server';
      const targets: Labels[] = [];
      for (const name of (await get<string[]>(root)) ?? []) {
        const path = `${root}/${encodeURIComponent(name)}`;
        let details: OvhVps | OvhDedicatedServer;
        let ips: { v4: string; v6: string };
        try {
          details = await get<OvhVps | OvhDedicatedServer>(path);
          ips = pickAddresses(await get<string[]>(`${path}/ips`));
        } catch (err) {
          // One server that cannot be read is skipped (Prometheus logs a warning), not the refresh.
          options.onError?.('ovhcloud_sd_configs', new Error(`ovhcloud_${config.service}: Could not get details of ${name}: ${(err as Error).message}`));
          continue;
        }
        targets.push(config.service === 'vps' ? vpsTarget(details as OvhVps, ips) : dedicatedTarget(details as OvhDedicatedServer, ips));
      }
      return [{ source: `ovhcloud_${config.service}`, targets, labels: {} }];
    },
  });
}

/** The last IPv4 and IPv6 of the list; `/32` prefixes count as addresses, wider ones do not. */
function pickAddresses(list: string[]): { v4: string; v6: string } {
  let v4 = '';
  let v6 = '';
  for (const entry of list ?? []) {
    const [ip, bits] = entry.split('/');
    if (bits !== undefined && bits !== '32') continue;
    if (ip === '0.0.0.0' || ip === '::') continue;
    if (isIP(ip) === 4) v4 = ip;
    else if (isIP(ip) === 6) v6 = ip;
  }
  if (!v4 && !v6) throw new Error('could not parse IP addresses from list');
  return { v4, v6 };
}

function vpsTarget(s: OvhVps, ips: { v4: string; v6: string }): Labels {
  const V = `${P}vps_`;
  return {
    __address__: ips.v4 || ips.v6,
    instance: s.name,
    [`${V}offer`]: s.model.offer,
    [`${V}datacenter`]: goList(s.model.datacenter),
    [`${V}maximum_additional_ip`]: String(s.model.maximumAdditionnalIp),
    [`${V}version`]: s.model.version,
    [`${V}disk`]: String(s.model.disk),
    [`${V}memory`]: String(s.model.memory),
    [`${V}zone`]: s.zone,
    [`${V}display_name`]: s.displayName,
    [`${V}cluster`]: s.cluster,
    [`${V}state`]: s.state,
    [`${V}name`]: s.name,
    [`${V}netboot_mode`]: s.netbootMode,
    [`${V}memory_limit`]: String(s.memoryLimit),
    [`${V}offer_type`]: s.offerType,
    [`${V}vcore`]: String(s.vcore),
    [`${V}keymap`]: goList(s.keymap),
    [`${V}monitoring_ip_blocks`]: goList(s.monitoringIpBlocks),
    [`${V}ipv4`]: ips.v4,
    [`${V}ipv6`]: ips.v6,
  };
}

function dedicatedTarget(s: OvhDedicatedServer, ips: { v4: string; v6: string }): Labels {
  const D = `${P}dedicated_server_`;
  return {
    __address__: ips.v4 || ips.v6,
    instance: s.name,
    [`${D}state`]: s.state,
    [`${D}commercial_range`]: s.commercialRange,
    [`${D}link_speed`]: String(s.linkSpeed),
    [`${D}rack`]: s.rack,
    [`${D}no_intervention`]: String(Boolean(s.noIntervention)),
    [`${D}os`]: s.os,
    [`${D}support_level`]: s.supportLevel,
    [`${D}server_id`]: String(s.serverId),
    [`${D}reverse`]: s.reverse,
    [`${D}datacenter`]: s.datacenter,
    [`${D}name`]: s.name,
    [`${D}ipv4`]: ips.v4,
    [`${D}ipv6`]: ips.v6,
  };
}
