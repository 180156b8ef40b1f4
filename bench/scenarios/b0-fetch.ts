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
    const pass = await fetchPass(fleet, concurrency, agent);
    const result: B0Result = {
      instances: fleet.shape.instances,
      payload_bytes: fleet.payloadBytes,
      concurrency,
      seconds: round(pass.seconds, 3),
      payloads_per_s: round(pass.payloads / pass.seconds, 1),
      mb_per_s: round(mb(pass.bytes) / pass.seconds, 1),
      failures: pass.failures,
    };
    log(`B0 ${result.instances} instances: ${result.seconds} s, ${result.payloads_per_s} payloads/s, ${result.mb_per_s} MB/s`);
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
