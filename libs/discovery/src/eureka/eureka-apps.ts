import { XMLParser } from 'fast-xml-parser';

/** The parts of Eureka's `GET /apps` XML document that discovery reads. */
export interface EurekaInstance {
  hostName: string;
  homePageUrl: string;
  statusPageUrl: string;
  healthCheckUrl: string;
  ipAddr: string;
  vipAddress: string;
  secureVipAddress: string;
  status: string;
  instanceId: string;
  countryId: number;
  port: { port: number; enabled: boolean } | null;
  securePort: { port: number; enabled: boolean } | null;
  dataCenterInfo: { name: string; metadata: Record<string, string> } | null;
  metadata: Record<string, string> | null;
}

export interface EurekaApplication {
  name: string;
  instances: EurekaInstance[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Values stay text, as Go's encoding/xml reads them into strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name, path) => path === 'applications.application' || path === 'applications.application.instance',
});

/** Parses the `<applications>` document; an unparseable answer is an error. */
export function parseEurekaApps(xml: string): EurekaApplication[] {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    throw new Error(`invalid XML: ${(err as Error).message}`);
  }
  const root = doc.applications;
  if (root === undefined) throw new Error('expected an <applications> document');
  const apps = (root && typeof root === 'object' ? ((root as Node).application as Node[] | undefined) : undefined) ?? [];
  return apps.map((app) => ({ name: text(app.name), instances: ((app.instance as Node[] | undefined) ?? []).map(instance) }));
}

function instance(i: Node): EurekaInstance {
  const dc = i.dataCenterInfo as Node | undefined;
  return {
    hostName: text(i.hostName),
    homePageUrl: text(i.homePageUrl),
    statusPageUrl: text(i.statusPageUrl),
    healthCheckUrl: text(i.healthCheckUrl),
    ipAddr: text(i.ipAddr),
    vipAddress: text(i.vipAddress),
    secureVipAddress: text(i.secureVipAddress),
    status: text(i.status),
    instanceId: text(i.instanceId),
    countryId: integer(text(i.countryId)),
    port: port(i.port),
    securePort: port(i.securePort),
    dataCenterInfo: dc === undefined ? null : { name: text(typeof dc === 'object' ? dc.name : ''), metadata: children(typeof dc === 'object' ? dc.metadata : undefined) ?? {} },
    metadata: children(i.metadata),
  };
}

/** `<port enabled="true">8080</port>`; absent when the element is. */
function port(value: unknown): { port: number; enabled: boolean } | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null) return { port: integer(text(value)), enabled: false };
  const node = value as Node;
  const enabled = text(node['@enabled']);
  return { port: integer(text(node['#text'])), enabled: enabled === 'true' || enabled === '1' };
}

/** Child elements of `<metadata>` by tag name (attributes such as `class` are not metadata). */
function children(value: unknown): Record<string, string> | null {
  if (value === undefined) return null;
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [name, v] of Object.entries(value as Node)) {
    if (name.startsWith('@') || name === '#text') continue;
    out[name] = Array.isArray(v) ? text(v[v.length - 1]) : text(v);
  }
  return out;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '#text' in (value as Node)) return text((value as Node)['#text']);
  return '';
}

function integer(value: string): number {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : 0;
}
