import { DescribeAvailabilityZonesCommand, EC2Client, Instance, paginateDescribeInstances, Reservation } from '@aws-sdk/client-ec2';
import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { awsClientSettings, isAuthFailure } from '../internal/aws-config';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { Ec2SdConfig } from './ec2-sd-config';

const P = '__meta_ec2_';
export const EC2_LABELS = {
  ami: `${P}ami`,
  architecture: `${P}architecture`,
  availabilityZone: `${P}availability_zone`,
  availabilityZoneId: `${P}availability_zone_id`,
  instanceId: `${P}instance_id`,
  instanceLifecycle: `${P}instance_lifecycle`,
  instanceState: `${P}instance_state`,
  instanceType: `${P}instance_type`,
  ipv6Addresses: `${P}ipv6_addresses`,
  ownerId: `${P}owner_id`,
  platform: `${P}platform`,
  primaryIpv6Addresses: `${P}primary_ipv6_addresses`,
  primarySubnetId: `${P}primary_subnet_id`,
  privateDnsName: `${P}private_dns_name`,
  privateIp: `${P}private_ip`,
  publicDnsName: `${P}public_dns_name`,
  publicIp: `${P}public_ip`,
  region: `${P}region`,
  subnetId: `${P}subnet_id`,
  tagPrefix: `${P}tag_`,
  vpcId: `${P}vpc_id`,
} as const;

const SEPARATOR = ',';

/**
 * `ec2_sd_configs`: every instance with a private IP, through the AWS SDK v3 EC2 client
 * (`DescribeInstances`, paginated; `endpoint` overrides where it talks to). Availability zone
 * IDs come from `DescribeAvailabilityZones`, asked until it once succeeds.
 */
export function createEc2Discoverer(config: Ec2SdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let client: EC2Client | null = null;
  let azToId: Map<string, string> | null = null;
  const timeoutMs = providerTimeoutMs(config.refreshIntervalMs);
  return new RefreshDiscoverer({
    mechanism: 'ec2_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      client ??= new EC2Client(awsClientSettings(config, options));
      // One deadline for the whole refresh (every page), as an HTTP client timeout would be.
      const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      if (azToId === null) {
        // Without the IDs the label is empty; Prometheus only logs this at debug level.
        azToId = await availabilityZoneIds(client, abortSignal).catch(() => null);
      }
      const targets: Labels[] = [];
      try {
        const pages = paginateDescribeInstances({ client }, { Filters: config.filters.map((f) => ({ Name: f.name, Values: f.values })) }, { abortSignal });
        for await (const page of pages) {
          for (const r of page.Reservations ?? []) for (const inst of r.Instances ?? []) if (inst.PrivateIpAddress) targets.push(instanceLabels(r, inst, config, azToId));
        }
      } catch (err) {
        // Rotated or revoked credentials: build the client (and its credential chain) afresh.
        if (isAuthFailure(err)) client = null;
        throw new Error(`could not describe instances: ${(err as Error).message}`);
      }
      return [{ source: config.region, targets, labels: {} } satisfies TargetGroup];
    },
  });
}

async function availabilityZoneIds(client: EC2Client, abortSignal: AbortSignal): Promise<Map<string, string>> {
  const out = await client.send(new DescribeAvailabilityZonesCommand({}), { abortSignal });
  return new Map((out.AvailabilityZones ?? []).map((az) => [az.ZoneName ?? '', az.ZoneId ?? '']));
}

export function instanceLabels(r: Reservation, inst: Instance, config: Pick<Ec2SdConfig, 'port' | 'region'>, azToId: Map<string, string> | null): Labels {
  const L = EC2_LABELS;
  const az = inst.Placement?.AvailabilityZone ?? '';
  const labels: Labels = {
    [L.instanceId]: inst.InstanceId ?? '',
    [L.region]: config.region,
    __address__: joinHostPort(inst.PrivateIpAddress ?? '', config.port),
    [L.privateIp]: inst.PrivateIpAddress ?? '',
    [L.ami]: inst.ImageId ?? '',
    [L.availabilityZone]: az,
    [L.availabilityZoneId]: azToId?.get(az) ?? '',
    [L.instanceState]: inst.State?.Name ?? '',
    [L.instanceType]: inst.InstanceType ?? '',
  };
  if (r.OwnerId !== undefined) labels[L.ownerId] = r.OwnerId;
  if (inst.PrivateDnsName !== undefined) labels[L.privateDnsName] = inst.PrivateDnsName;
  if (inst.Platform) labels[L.platform] = inst.Platform;
  if (inst.PublicIpAddress !== undefined) {
    labels[L.publicIp] = inst.PublicIpAddress;
    labels[L.publicDnsName] = inst.PublicDnsName ?? '';
  }
  if (inst.InstanceLifecycle) labels[L.instanceLifecycle] = inst.InstanceLifecycle;
  if (inst.Architecture) labels[L.architecture] = inst.Architecture;
  if (inst.VpcId !== undefined) {
    labels[L.vpcId] = inst.VpcId;
    labels[L.primarySubnetId] = inst.SubnetId ?? '';
    const subnets: string[] = [];
    const ipv6: string[] = [];
    // Primary IPv6 addresses by device index; gaps stay empty so positions keep their meaning.
    const primary: string[] = [];
    for (const eni of inst.NetworkInterfaces ?? []) {
      if (!eni.SubnetId) continue;
      if (!subnets.includes(eni.SubnetId)) subnets.push(eni.SubnetId);
      for (const addr of eni.Ipv6Addresses ?? []) {
        ipv6.push(addr.Ipv6Address ?? '');
        const index = eni.Attachment?.DeviceIndex;
        if (addr.IsPrimaryIpv6 && index !== undefined && index >= 0) {
          while (primary.length <= index) primary.push('');
          primary[index] = addr.Ipv6Address ?? '';
        }
      }
    }
    labels[L.subnetId] = SEPARATOR + subnets.join(SEPARATOR) + SEPARATOR;
    if (ipv6.length > 0) labels[L.ipv6Addresses] = SEPARATOR + ipv6.join(SEPARATOR) + SEPARATOR;
    if (primary.length > 0) labels[L.primaryIpv6Addresses] = SEPARATOR + primary.join(SEPARATOR) + SEPARATOR;
  }
  for (const tag of inst.Tags ?? []) {
    if (tag.Key === undefined || tag.Value === undefined) continue;
    labels[L.tagPrefix + sanitizeLabelName(tag.Key)] = tag.Value;
  }
  return labels;
}
