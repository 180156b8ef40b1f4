import { FakeApi } from './fake-api';

/** One registered instance, as a test describes it. */
export interface EurekaTestInstance {
  app: string;
  host: string;
  port: number;
  instanceId?: string;
  status?: string;
  metadata?: Record<string, string>;
}

/**
 * A fake Eureka server: `GET /eureka/apps` answers the registry as Eureka does by default,
 * an `<applications>` XML document. `instances` is edited by the test between refreshes.
 */
export class FakeEureka extends FakeApi {
  instances: EurekaTestInstance[] = [];

  constructor() {
    super((req) => (req.path === '/eureka/apps' ? { headers: { 'Content-Type': 'application/xml' }, body: this.xml() } : undefined));
  }

  get server(): string {
    return `${this.url}/eureka`;
  }

  xml(): string {
    const apps = new Map<string, EurekaTestInstance[]>();
    for (const i of this.instances) apps.set(i.app, [...(apps.get(i.app) ?? []), i]);
    const body = [...apps].map(([name, list]) => `  <application>\n    <name>${name}</name>\n${list.map(instanceXml).join('')}  </application>\n`).join('');
    return `<applications>\n  <versions__delta>1</versions__delta>\n  <apps__hashcode>UP_${this.instances.length}_</apps__hashcode>\n${body}</applications>\n`;
  }
}

function instanceXml(i: EurekaTestInstance): string {
  const meta = Object.entries(i.metadata ?? {})
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `    <instance>
      <instanceId>${i.instanceId ?? `${i.host}:${i.app.toLowerCase()}:${i.port}`}</instanceId>
      <hostName>${i.host}</hostName>
      <app>${i.app}</app>
      <ipAddr>${i.host}</ipAddr>
      <status>${i.status ?? 'UP'}</status>
      <overriddenstatus>UNKNOWN</overriddenstatus>
      <port enabled="true">${i.port}</port>
      <securePort enabled="false">443</securePort>
      <countryId>1</countryId>
      <dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo">
        <name>MyOwn</name>
      </dataCenterInfo>
      <leaseInfo><renewalIntervalInSecs>30</renewalIntervalInSecs></leaseInfo>
      <metadata>${meta}</metadata>
      <homePageUrl>http://${i.host}:${i.port}/</homePageUrl>
      <statusPageUrl>http://${i.host}:${i.port}/info</statusPageUrl>
      <healthCheckUrl>http://${i.host}:${i.port}/health</healthCheckUrl>
      <vipAddress>${i.app.toLowerCase()}</vipAddress>
      <secureVipAddress>${i.app.toLowerCase()}</secureVipAddress>
      <isCoordinatingDiscoveryServer>false</isCoordinatingDiscoveryServer>
      <lastUpdatedTimestamp>1596003469304</lastUpdatedTimestamp>
      <lastDirtyTimestamp>1596003469304</lastDirtyTimestamp>
      <actionType>ADDED</actionType>
    </instance>
`;
}
