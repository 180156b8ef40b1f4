import dns2 from 'dns2';

/** Response codes of RFC 1035 §4.1.1 (dns2's typings do not declare its Packet.RCODE table). */
const RCODE = { SERVFAIL: 2, NXDOMAIN: 3 } as const;

const { Packet } = dns2;

/** Records by `TYPE name` (name without trailing dot), editable between lookups. */
export type Zone = Map<string, Array<Record<string, unknown>>>;

export interface FakeDnsServer {
  /** `127.0.0.1:<port>` for DiscoveryOptions.dnsServers. */
  address: string;
  zone: Zone;
  /** Names answered with SERVFAIL, to exercise failed refreshes. */
  failing: Set<string>;
  close(): Promise<void>;
}

/** A real DNS server (dns2, UDP) on a free loopback port answering from an in-memory zone. */
export async function startFakeDnsServer(): Promise<FakeDnsServer> {
  const zone: Zone = new Map();
  const failing = new Set<string>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question.name.replace(/\.$/, '');
      const typeName = Object.entries(Packet.TYPE).find(([, v]) => v === question.type)?.[0] ?? '?';
      if (failing.has(name)) {
        response.header.rcode = RCODE.SERVFAIL;
        return send(response);
      }
      const records = zone.get(`${typeName} ${name}`);
      const known = [...zone.keys()].some((k) => k.endsWith(` ${name}`));
      if (!records && !known) response.header.rcode = RCODE.NXDOMAIN;
      for (const record of records ?? []) {
        response.answers.push({ name: question.name, type: question.type, class: Packet.CLASS.IN, ttl: 5, ...record } as never);
      }
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = (addresses as { udp: { port: number } }).udp.port;
  return { address: `127.0.0.1:${port}`, zone, failing, close: () => server.close() as unknown as Promise<void> };
}
