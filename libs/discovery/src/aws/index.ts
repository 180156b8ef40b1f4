import { ConfigPathError } from '@periskop/common';
import { defineMechanism } from '../discoverer';
import { createEc2Discoverer } from '../ec2/ec2-discoverer';
import { Ec2SdConfig, parseEc2SdConfig } from '../ec2/ec2-sd-config';
import { ConfigReader } from '../internal/config-reader';
import { createLightsailDiscoverer } from '../lightsail/lightsail-discoverer';
import { LightsailSdConfig, parseLightsailSdConfig } from '../lightsail/lightsail-sd-config';

/** One `aws_sd_configs` entry: the unified AWS mechanism, one role per entry. */
export type AwsSdConfig = { role: 'ec2'; ec2: Ec2SdConfig } | { role: 'lightsail'; lightsail: LightsailSdConfig };

const KEYS = ['role', 'region', 'endpoint', 'access_key', 'secret_key', 'profile', 'refresh_interval', 'port', 'filters', 'clusters'];
const KNOWN_ROLES = ['ec2', 'ecs', 'elasticache', 'lightsail', 'msk', 'rds'];

/**
 * `aws_sd_configs` with `role: ec2` or `role: lightsail` is the same discovery (and the same
 * `__meta_ec2_*` / `__meta_lightsail_*` labels) as `ec2_sd_configs` / `lightsail_sd_configs`.
 * The other Prometheus roles (ecs, elasticache, msk, rds) are refused with a message saying so.
 */
export function parseAwsSdConfig(raw: unknown): AwsSdConfig {
  const r = ConfigReader.of(raw, 'aws.SDConfig', KEYS);
  const role = r.string('role');
  if (!KNOWN_ROLES.includes(role)) throw new ConfigPathError(['role'], `unknown AWS SD role ${JSON.stringify(role)}`);
  if (r.string('region') === '') throw new ConfigPathError(['region'], 'aws sd configuration requires a region');
  // The role-specific parsers read the shared fields; `clusters` belongs to roles not supported here.
  const shared = Object.fromEntries(Object.entries(r.raw).filter(([key]) => key !== 'role' && key !== 'clusters' && key !== 'filters'));
  if (role === 'ec2') return { role, ec2: parseEc2SdConfig(r.has('filters') ? { ...shared, filters: r.raw.filters } : shared) };
  // Prometheus ignores `filters` for lightsail.
  if (role === 'lightsail') return { role, lightsail: parseLightsailSdConfig(shared) };
  throw new ConfigPathError(['role'], `AWS SD role ${JSON.stringify(role)} is not supported yet (supported: ec2, lightsail)`);
}

export const awsMechanism = defineMechanism<AwsSdConfig>({
  key: 'aws_sd_configs',
  parse: (raw) => parseAwsSdConfig(raw),
  create: (c, ctx) => (c.role === 'ec2' ? createEc2Discoverer(c.ec2, ctx.options) : createLightsailDiscoverer(c.lightsail, ctx.options)),
});
