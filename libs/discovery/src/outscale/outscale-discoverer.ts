import { readFileSync } from 'node:fs';
import type { DiscoveryOptions } from '../discoverer';
import { joinHostPort, providerJson, ProviderRequest, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import { sanitizeLabelName } from '../label-names';
import type { Labels } from '../target-group';
import { signOapiRequest } from './oapi-signer';
import type { OutscaleSdConfig } from './outscale-sd-config';

const V = '__meta_outscale_vm_';

/** A VM as the OUTSCALE API's ReadVms returns it (the fields discovery reads). */
export interface OutscaleVm {
  VmId?: string;
  State?: string;
  PrivateIp?: string;
  PublicIp?: string;
  Placement?: { SubregionName?: string };
  Tags?: Array<{ Key: string; Value: string }>;
}

/** Most pages a refresh reads, so an API that always offers a next page cannot hold it. */
const MAX_PAGES = 10_000;

/**
 * `outscale_sd_configs`: every VM of the account through OAPI's `ReadVms` (signed POSTs,
 * following `NextPageToken`), one target per VM at its private IP, else its public IP.
 */
export function createOutscaleDiscoverer(config: OutscaleSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  return new RefreshDiscoverer({
    mechanism: 'outscale_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const secret = readSecret(config);
      const url = `${config.endpoint}/ReadVms`;
      const base: ProviderRequest = { client: config.client, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes, method: 'POST' };
      const vms: OutscaleVm[] = [];
      let nextPageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const body = JSON.stringify(nextPageToken ? { NextPageToken: nextPageToken } : {});
        const headers = await signOapiRequest(url, body, config.region, config.accessKey, secret);
        const { json } = await providerJson<{ Vms?: OutscaleVm[] | null; NextPageToken?: string | null }>(url, { ...base, body, headers }, 'outscale ReadVms');
        vms.push(...(json.Vms ?? []));
        nextPageToken = json.NextPageToken || undefined;
        if (!nextPageToken) break;
      }
      return [{ source: config.region, targets: vmTargets(vms, config), labels: {} }];
    },
  });
}

/** The secret key, read from its file on every refresh so a rotated key is picked up. */
function readSecret(config: OutscaleSdConfig): string {
  if (!config.secretKeyFile) return config.secretKey ?? '';
  try {
    return readFileSync(config.secretKeyFile, 'utf8').trim();
  } catch (err) {
    throw new Error(`unable to read outscale secret key file ${config.secretKeyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function vmTargets(vms: OutscaleVm[], config: OutscaleSdConfig): Labels[] {
  const targets: Labels[] = [];
  for (const vm of vms) {
    const address = vm.PrivateIp || vm.PublicIp;
    if (!address) continue;
    const labels: Labels = {
      __address__: joinHostPort(address, config.port),
      [`${V}instance_id`]: vm.VmId ?? '',
      [`${V}region`]: config.region,
      [`${V}state`]: vm.State ?? '',
    };
    if (vm.Placement?.SubregionName) labels[`${V}subregion`] = vm.Placement.SubregionName;
    if (vm.PrivateIp) labels[`${V}private_ip`] = vm.PrivateIp;
    if (vm.PublicIp !== undefined && vm.PublicIp !== null) labels[`${V}public_ip`] = vm.PublicIp;
    // A tag without key or value names nothing useful; Prometheus skips it too.
    for (const tag of vm.Tags ?? []) {
      if (tag.Key && tag.Value) labels[`${V}tag_${sanitizeLabelName(tag.Key)}`] = tag.Value;
    }
    targets.push(labels);
  }
  return targets;
}
