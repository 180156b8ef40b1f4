import { FakeApi, SeenRequest } from './fake-api';

/** One instance as a test describes it; fields map onto EC2's DescribeInstances XML. */
export interface Ec2TestInstance {
  id: string;
  privateIp?: string;
  az?: string;
  state?: string;
  type?: string;
  publicIp?: string;
  platform?: string;
  lifecycle?: string;
  vpc?: { vpcId: string; subnetId: string; interfaces: Array<{ subnetId: string; deviceIndex: number; ipv6?: Array<{ address: string; primary?: boolean }> }> };
  tags?: Record<string, string>;
}

const xmlns = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/**
 * A fake EC2 Query API: `Action=DescribeInstances` (one reservation per instance, `pageSize`
 * instances per page with `NextToken`) and `Action=DescribeAvailabilityZones`, answered in
 * EC2's XML; `failing` answers AWS's error document. SigV4 signatures are not checked.
 */
export class FakeEc2 extends FakeApi {
  instances: Ec2TestInstance[] = [];
  pageSize = 2;
  zones: Record<string, string> = { 'us-east-1a': 'use1-az6', 'us-east-1b': 'use1-az1' };

  constructor() {
    super((req) => this.answer(req));
  }

  private answer(req: SeenRequest) {
    const form = new URLSearchParams(req.body);
    const xml = { 'Content-Type': 'text/xml;charset=UTF-8' };
    if (form.get('Action') === 'DescribeAvailabilityZones') {
      const items = Object.entries(this.zones)
        .map(([name, id]) => `<item><zoneName>${name}</zoneName><zoneId>${id}</zoneId><zoneState>available</zoneState><regionName>us-east-1</regionName></item>`)
        .join('');
      return {
        headers: xml,
        body: `<DescribeAvailabilityZonesResponse xmlns="${xmlns}"><requestId>az-1</requestId><availabilityZoneInfo>${items}</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`,
      };
    }
    if (form.get('Action') === 'DescribeInstances') {
      const start = Number(form.get('NextToken') ?? 0);
      const page = this.instances.slice(start, start + this.pageSize);
      const next = start + this.pageSize < this.instances.length ? `<nextToken>${start + this.pageSize}</nextToken>` : '';
      const reservations = page.map((i) => `<item><reservationId>r-${i.id}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>${instanceXml(i)}</instancesSet></item>`).join('');
      return { headers: xml, body: `<DescribeInstancesResponse xmlns="${xmlns}"><requestId>di-1</requestId><reservationSet>${reservations}</reservationSet>${next}</DescribeInstancesResponse>` };
    }
    return undefined;
  }
}

function instanceXml(i: Ec2TestInstance): string {
  const opt = (tag: string, v: string | undefined) => (v === undefined ? '' : `<${tag}>${v}</${tag}>`);
  const vpc = i.vpc
    ? `<vpcId>${i.vpc.vpcId}</vpcId><subnetId>${i.vpc.subnetId}</subnetId><networkInterfaceSet>${i.vpc.interfaces
        .map(
          (n) =>
            `<item><subnetId>${n.subnetId}</subnetId><attachment><deviceIndex>${n.deviceIndex}</deviceIndex></attachment><ipv6AddressesSet>${(n.ipv6 ?? [])
              .map((a) => `<item><ipv6Address>${a.address}</ipv6Address><isPrimaryIpv6>${a.primary ? 'true' : 'false'}</isPrimaryIpv6></item>`)
              .join('')}</ipv6AddressesSet></item>`,
        )
        .join('')}</networkInterfaceSet>`
    : '';
  const tags = Object.entries(i.tags ?? {})
    .map(([k, v]) => `<item><key>${k}</key><value>${v}</value></item>`)
    .join('');
  return `<item><instanceId>${i.id}</instanceId><imageId>ami-0abc</imageId><instanceState><code>16</code><name>${i.state ?? 'running'}</name></instanceState>${opt('privateDnsName', i.privateIp ? `ip-${i.privateIp.replace(/\./g, '-')}.ec2.internal` : undefined)}${opt('dnsName', i.publicIp ? `ec2-${i.publicIp.replace(/\./g, '-')}.compute-1.amazonaws.com` : undefined)}<instanceType>${i.type ?? 't3.micro'}</instanceType><placement><availabilityZone>${i.az ?? 'us-east-1a'}</availabilityZone><tenancy>default</tenancy></placement>${opt('platform', i.platform)}${opt('privateIpAddress', i.privateIp)}${opt('ipAddress', i.publicIp)}<architecture>x86_64</architecture>${opt('instanceLifecycle', i.lifecycle)}${vpc}<tagSet>${tags}</tagSet></item>`;
}
