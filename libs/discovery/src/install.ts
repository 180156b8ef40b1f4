import type { SdMechanism } from './discoverer';
import { consulMechanism } from './consul';
import { dnsMechanism } from './dns';
import { fileMechanism } from './file';
import { httpMechanism } from './http';
import { kubernetesMechanism } from './kubernetes';
import { staticMechanism } from './static';
import { dockerMechanism } from './docker';
import { eurekaMechanism } from './eureka';
import { ec2Mechanism } from './ec2';
import { nomadMechanism } from './nomad';
import { dockerSwarmMechanism } from './dockerswarm';
import { marathonMechanism } from './marathon';
import { puppetDbMechanism } from './puppetdb';
import { hetznerMechanism } from './hetzner';
import { digitalOceanMechanism } from './digitalocean';
import { linodeMechanism } from './linode';
import { vultrMechanism } from './vultr';
import { tritonMechanism } from './triton';
import { kumaMechanism } from './kuma';
import { ionosMechanism } from './ionos';
import { scalewayMechanism } from './scaleway';
import { ovhcloudMechanism } from './ovhcloud';
import { lightsailMechanism } from './lightsail';
import { uyuniMechanism } from './uyuni';
import { awsMechanism } from './aws';
import { ecsMechanism } from './ecs';
import { elasticacheMechanism } from './elasticache';
import { mskMechanism } from './msk';
import { rdsMechanism } from './rds';
import { nerveMechanism, serversetMechanism } from './zookeeper';
import { azureMechanism } from './azure';
import { gceMechanism } from './gce';
import { ociMechanism } from './oci';
import { openstackMechanism } from './openstack';
import { outscaleMechanism } from './outscale';
import { stackitMechanism } from './stackit';

/**
 * The one list of installed mechanisms (Prometheus's discovery/install). Adding a mechanism:
 * a folder exporting its `SdMechanism`, and one line here.
 */
export const MECHANISMS: readonly SdMechanism[] = [
  staticMechanism,
  fileMechanism,
  dnsMechanism,
  httpMechanism,
  kubernetesMechanism,
  consulMechanism,
  dockerMechanism,
  eurekaMechanism,
  ec2Mechanism,
  nomadMechanism,
  dockerSwarmMechanism,
  marathonMechanism,
  puppetDbMechanism,
  hetznerMechanism,
  digitalOceanMechanism,
  linodeMechanism,
  vultrMechanism,
  tritonMechanism,
  kumaMechanism,
  ionosMechanism,
  scalewayMechanism,
  ovhcloudMechanism,
  lightsailMechanism,
  uyuniMechanism,
  awsMechanism,
  ecsMechanism,
  elasticacheMechanism,
  mskMechanism,
  rdsMechanism,
  serversetMechanism,
  nerveMechanism,
  azureMechanism,
  gceMechanism,
  ociMechanism,
  openstackMechanism,
  outscaleMechanism,
  stackitMechanism,
];

export const SD_CONFIG_KEYS: readonly string[] = MECHANISMS.map((m) => m.key);

export function mechanismFor(key: string): SdMechanism | undefined {
  return MECHANISMS.find((m) => m.key === key);
}
