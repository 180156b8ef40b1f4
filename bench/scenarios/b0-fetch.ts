import http from 'node:http';
import type { FleetProcess } from '../fleet/fleet-process';
import { instanceAddress } from '../fleet/fleet-shape';
import { log, mb, round } from '../support/measure';

export interface B0Result {
  instances: number;
  payload_bytes: number;
  concurrency: number;
  seconds: number;
  payloads_per_s: number;
  mb_per_s: number;
  failures: number;
  /** CPU of the reader (this process) per payload read, during the timed pass. */
  cpu_ms_per_payload: number;
  /** CPU of JSON.parse per body of this fleet (a sample of its bodies, parsed in this process). */
  parse_ms_per_payload: number;
}

/**
 * B0, the fetch ceiling: one pass over the whole fleet by a client that only reads the bodies
 * (keep-alive, `concurrency` requests in flight, no parse, no merge). A warm-up pass first, so
 * both passes see the same fleet state as a steady scrape cycle would.
 */
export async function runB0(fleet: FleetProcess, concurrency: number): Promise<B0Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  try {
    await fetchPass(fleet, concurrency, agent);
    const cpuBefore = process.cpuUsage();
    const pass = await fetchPass(fleet, concurrency, agent);
    const cpu = process.cpuUsage(cpuBefore);
    const parseMs = await parseCost(fleet, agent);
    const result: B0Result = {
      instances: fleet.shape.instances,
      payload_bytes: fleet.payloadBytes,
      concurrency,
      seconds: round(pass.seconds, 3),
      payloads_per_s: round(pass.payloads / pass.seconds, 1),
      mb_per_s: round(mb(pass.bytes) / pass.seconds, 1),
      failures: pass.failures,
      cpu_ms_per_payload: round((cpu.user + cpu.system) / 1000 / Math.max(pass.payloads, 1), 3),
      parse_ms_per_payload: round(parseMs, 3),
    };
    log(
      `B0 ${result.instances} instances: ${result.seconds} s, ${result.payloads_per_s} payloads/s, ${result.mb_per_s} MB/s; reader CPU ${result.cpu_ms_per_payload} ms, JSON.parse ${result.parse_ms_per_payload} ms per payload`,
    );
    return result;
  } finally {
    agent.destroy();
  }
}

export async function fetchPass(fleet: FleetProcess, concurrency: number, agent: http.Agent): Promise<{ seconds: number; payloads: number; bytes: number; failures: number }> {
  const n = fleet.shape.instances;
  let next = 0;
  let payloads = 0;
  let bytes = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      try {
        const got = await readBody(instanceAddress(i), fleet.port, agent);
        if (got.status === 200) payloads++;
        else failures++;
        bytes += got.bytes;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { seconds: (performance.now() - started) / 1000, payloads, bytes, failures };
}

/** CPU of JSON.parse per body: up to 20 bodies of the fleet, each parsed 5 times after a warm-up. */
async function parseCost(fleet: FleetProcess, agent: http.Agent): Promise<number> {
  const bodies: string[] = [];
  for (let i = 0; i < Math.min(20, fleet.shape.instances); i++) bodies.push((await readText(instanceAddress(i), fleet.port, agent)).toString('utf8'));
  for (const body of bodies) JSON.parse(body);
  const rounds = 5;
  const before = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const body of bodies) JSON.parse(body);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (rounds * bodies.length);
}

function readText(host: string, port: number, agent: http.Agent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host, port, path: '/errors', agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function readBody(host: string, port: number, agent: http.Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/errors', agent, timeout: 30_000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
