import { GetInstancesCommand, Instance, LightsailClient } from '@aws-sdk/client-lightsail';
import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { awsClientSettings, isAuthFailure } from '../internal/aws-config';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { LightsailSdConfig } from './lightsail-sd-config';

const P = '__meta_lightsail_';
export const LIGHTSAIL_LABELS = {
  availabilityZone: `${P}availability_zone`,
  blueprintId: `${P}blueprint_id`,
  bundleId: `${P}bundle_id`,
  instanceName: `${P}instance_name`,
  instanceState: `${P}instance_state`,
  instanceSupportCode: `${P}instance_support_code`,
  ipv6Addresses: `${P}ipv6_addresses`,
  privateIp: `${P}private_ip`,
  publicIp: `${P}public_ip`,
  region: `${P}region`,
  tagPrefix: `${P}tag_`,
} as const;

/** `lightsail_sd_configs`: Lightsail instances with a private IP, through the AWS SDK v3 Lightsail client. */
export function createLightsailDiscoverer(config: LightsailSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let client: LightsailClient | null = null;
  return new RefreshDiscoverer({
    mechanism: 'lightsail_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      client ??= new LightsailClient(awsClientSettings(config, options));
      const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(providerTimeoutMs(config.refreshIntervalMs))]);
      const targets: Labels[] = [];
      try {
        let pageToken: string | undefined;
        do {
          const page = await client.send(new GetInstancesCommand({ pageToken }), { abortSignal });
          for (const inst of page.instances ?? []) if (inst.privateIpAddress) targets.push(instanceLabels(inst, config));
          pageToken = page.nextPageToken || undefined;
        } while (pageToken);
      } catch (err) {
        if (isAuthFailure(err)) client = null;
        throw new Error(`could not get instances: ${(err as Error).message}`);
      }
      return [{ source: config.region, targets, labels: {} }];
    },
  });
}

function instanceLabels(inst: Instance, config: LightsailSdConfig): Labels {
  const L = LIGHTSAIL_LABELS;
  const labels: Labels = {
    [L.availabilityZone]: inst.location?.availabilityZone ?? '',
    [L.blueprintId]: inst.blueprintId ?? '',
    [L.bundleId]: inst.bundleId ?? '',
    [L.instanceName]: inst.name ?? '',
    [L.instanceState]: inst.state?.name ?? '',
    [L.instanceSupportCode]: inst.supportCode ?? '',
    [L.privateIp]: inst.privateIpAddress ?? '',
    [L.region]: config.region,
    __address__: joinHostPort(inst.privateIpAddress ?? '', config.port),
  };
  if (inst.publicIpAddress) labels[L.publicIp] = inst.publicIpAddress;
  if (inst.ipv6Addresses?.length) labels[L.ipv6Addresses] = `,${inst.ipv6Addresses.join(',')},`;
  for (const t of inst.tags ?? []) if (t.key !== undefined && t.value !== undefined) labels[L.tagPrefix + sanitizeLabelName(t.key)] = t.value;
  return labels;
}
