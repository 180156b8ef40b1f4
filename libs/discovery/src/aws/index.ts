import { ConfigPathError } from '@periskop/common';
import { Discoverer, defineMechanism, DiscoveryOptions } from '../discoverer';
import { Ec2SdConfig, parseEc2SdConfig } from '../ec2/ec2-sd-config';
import { EcsSdConfig, parseEcsSdConfig } from '../ecs/ecs-sd-config';
import { ElasticacheSdConfig, parseElasticacheSdConfig } from '../elasticache/elasticache-sd-config';
import { AWS_ACCESS_KEYS } from '../internal/aws-config';
import { ConfigReader } from '../internal/config-reader';
import { LightsailSdConfig, parseLightsailSdConfig } from '../lightsail/lightsail-sd-config';
import { MskSdConfig, parseMskSdConfig } from '../msk/msk-sd-config';
import { parseRdsSdConfig, RdsSdConfig } from '../rds/rds-sd-config';

// The provider's SDK loads on first use, so a process whose configuration has no such block never
// holds it in memory (each AWS client is several MB of code).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ec2Discoverer = () => require('../ec2/ec2-discoverer') as typeof import('../ec2/ec2-discoverer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lightsailDiscoverer = () => require('../lightsail/lightsail-discoverer') as typeof import('../lightsail/lightsail-discoverer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ecsDiscoverer = () => require('../ecs/ecs-discoverer') as typeof import('../ecs/ecs-discoverer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const elasticacheDiscoverer = () => require('../elasticache/elasticache-discoverer') as typeof import('../elasticache/elasticache-discoverer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mskDiscoverer = () => require('../msk/msk-discoverer') as typeof import('../msk/msk-discoverer');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rdsDiscoverer = () => require('../rds/rds-discoverer') as typeof import('../rds/rds-discoverer');

/** One `aws_sd_configs` entry: the unified AWS mechanism, one role per entry. */
export type AwsSdConfig =
  | { role: 'ec2'; config: Ec2SdConfig }
  | { role: 'ecs'; config: EcsSdConfig }
  | { role: 'elasticache'; config: ElasticacheSdConfig }
  | { role: 'lightsail'; config: LightsailSdConfig }
  | { role: 'msk'; config: MskSdConfig }
  | { role: 'rds'; config: RdsSdConfig };

const KEYS = ['role', ...AWS_ACCESS_KEYS, 'filters', 'clusters'];

/**
 * Each role is the same discovery (and the same `__meta_<role>_*` labels) as its standalone
 * key, and reads its own fields from the entry: `filters` only for ec2 and rds, `clusters` only
 * for ecs, elasticache, msk and rds (Prometheus ignores them for the other roles).
 */
const ROLES = {
  ec2: { parse: parseEc2SdConfig, fields: ['filters'] },
  ecs: { parse: parseEcsSdConfig, fields: ['clusters'] },
  elasticache: { parse: parseElasticacheSdConfig, fields: ['clusters'] },
  lightsail: { parse: parseLightsailSdConfig, fields: [] },
  msk: { parse: parseMskSdConfig, fields: ['clusters'] },
  rds: { parse: parseRdsSdConfig, fields: ['filters', 'clusters'] },
} as const;

export function parseAwsSdConfig(raw: unknown): AwsSdConfig {
  const r = ConfigReader.of(raw, 'aws.SDConfig', KEYS);
  const role = r.string('role');
  if (!Object.hasOwn(ROLES, role)) throw new ConfigPathError(['role'], `unknown AWS SD role ${JSON.stringify(role)}`);
  if (r.string('region') === '') throw new ConfigPathError(['region'], 'aws sd configuration requires a region');
  const spec = ROLES[role as keyof typeof ROLES];
  const own: readonly string[] = spec.fields;
  const fields = Object.fromEntries(Object.entries(r.raw).filter(([key]) => key !== 'role' && (!['filters', 'clusters'].includes(key) || own.includes(key))));
  return { role, config: spec.parse(fields) } as AwsSdConfig;
}

function createAwsDiscoverer(c: AwsSdConfig, options: DiscoveryOptions): Discoverer {
  switch (c.role) {
    case 'ec2':
      return ec2Discoverer().createEc2Discoverer(c.config, options);
    case 'ecs':
      return ecsDiscoverer().createEcsDiscoverer(c.config, options);
    case 'elasticache':
      return elasticacheDiscoverer().createElasticacheDiscoverer(c.config, options);
    case 'lightsail':
      return lightsailDiscoverer().createLightsailDiscoverer(c.config, options);
    case 'msk':
      return mskDiscoverer().createMskDiscoverer(c.config, options);
    case 'rds':
      return rdsDiscoverer().createRdsDiscoverer(c.config, options);
  }
}

export const awsMechanism = defineMechanism<AwsSdConfig>({
  key: 'aws_sd_configs',
  parse: (raw) => parseAwsSdConfig(raw),
  create: (c, ctx) => createAwsDiscoverer(c, ctx.options),
});
