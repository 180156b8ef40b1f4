import Redis from 'ioredis';
import { AggregateWriter, healthOfMergedScrape, MergeRequest } from '@periskop/store';
import { normalizePayload, WireAggregate, WireOccurrence } from '@periskop/wire';
import { AppProcess } from '../../test/harness/app-process';
import { writeBenchConfig } from '../support/config-file';
import { log, round } from '../support/measure';
import { resetRedis } from '../support/redis';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface EndpointResult {
  path: string;
  p50_ms: number;
  p99_ms: number;
  req_per_s: number;
  non_2xx: number;
}

export interface B4Result {
  connections: number;
  seconds: number;
  list: EndpointResult;
  detail: EndpointResult;
  periskop: EndpointResult;
  sizes: { list_keys: number; detail_samples: number; periskop_keys: number; periskop_samples_per_key: number };
}

const LIST = 'bench-list';
const DETAIL = 'bench-detail';
const PERISKOP = 'bench-periskop';
export const HOT_KEY = 'bench.Hot@checkout/pay.go:42';

/**
 * B4, the API under 50 concurrent connections (autocannon), against Redis seeded through the
 * real merge path (AggregateWriter): a list page of a service with `listKeys` keys, one key's
 * detail with 100 samples, and Periskop's full errors list (`periskopKeys` keys × 10 samples).
 */
export async function runB4(redisUrl: string, admin: Redis, options: { listKeys: number; periskopKeys: number; seconds: number; connections: number }): Promise<B4Result> {
  await resetRedis(admin);
  const redis = new Redis(redisUrl);
  const writer = new AggregateWriter(redis);
  const config = writeBenchConfig([LIST, DETAIL, PERISKOP].map((name) => ({ name, targets: ['127.0.0.1:9'], refreshIntervalS: 3600 })));
  let api: AppProcess | undefined;
  try {
    await writer.registerServices([LIST, DETAIL, PERISKOP]);
    await seed(writer, LIST, options.listKeys, 1, 500);
    await seed(writer, PERISKOP, options.periskopKeys, 10, 250);
    await seedHotKey(writer);
    api = await AppProcess.start('api', { CONFIG_FILE: config.path, REDIS_URL: redisUrl }, { keepOutputChars: 20_000 });
    const bench = async (path: string, minSeconds = 0): Promise<EndpointResult> => {
      const url = `${api!.url}${path}`;
      const single = await timeOne(url);
      log(`B4 ${path}: one request alone ${single.ms} ms, ${round(single.bytes / 1024, 1)} KB`);
      await autocannon({ url, connections: options.connections, duration: 1, timeout: 60 });
      const r = await autocannon({ url, connections: options.connections, duration: Math.max(options.seconds, minSeconds), timeout: 60 });
      const result = { path, p50_ms: r.latency.p50, p99_ms: r.latency.p99, req_per_s: round(r.requests.average, 1), non_2xx: r.non2xx + r.errors + r.timeouts };
      log(`B4 ${path}: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, ${result.req_per_s} req/s${result.non_2xx ? `, ${result.non_2xx} failed` : ''}`);
      return result;
    };
    return {
      connections: options.connections,
      seconds: options.seconds,
      list: await bench(`/api/services/${LIST}/errors?limit=50&sort=latest`),
      detail: await bench(`/api/services/${DETAIL}/error?key=${encodeURIComponent(HOT_KEY)}`),
      periskop: await bench(`/services/${PERISKOP}/errors/`, 10),
      sizes: { list_keys: options.listKeys, detail_samples: 100, periskop_keys: options.periskopKeys, periskop_samples_per_key: 10 },
    };
  } finally {
    await api?.stop();
    redis.disconnect();
    config.remove();
  }
}

export async function timeOne(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return { ms: round(performance.now() - started, 1), bytes: body.byteLength };
}

/** `keys` distinct keys with `samples` occurrences each, `perTarget` keys per scraped payload. */
export async function seed(writer: AggregateWriter, service: string, keys: number, samples: number, perTarget: number): Promise<void> {
  const base = Date.now() - 3_600_000;
  for (let first = 0, t = 0; first < keys; first += perTarget, t++) {
    const aggregates: WireAggregate[] = [];
    for (let k = first; k < Math.min(keys, first + perTarget); k++) {
      const occurrences = Array.from({ length: samples }, (_, s) => occurrence(`${service}-${k}-${s}`, base + k * 300 + s * 17, k));
      aggregates.push({
        aggregation_key: `bench.Error${k}@svc/handler.go:${k}`,
        total_count: 1 + ((k * 7919) % 1000),
        severity: k % 4 ? 'error' : 'warning',
        created_at: new Date(base).toISOString(),
        latest_errors: occurrences,
      });
    }
    await writer.merge(request(service, `target-${t}`, aggregates));
  }
}

/** One key reported by 10 instances with 10 occurrences each: 100 samples kept. */
export async function seedHotKey(writer: AggregateWriter, service = DETAIL): Promise<void> {
  const base = Date.now() - 600_000;
  for (let t = 0; t < 10; t++) {
    const occurrences = Array.from({ length: 10 }, (_, s) => occurrence(`hot-${t}-${s}`, base + t * 1000 + s * 10, t));
    const others = Array.from({ length: 49 }, (_, k) => ({
      aggregation_key: `bench.Other${k}@svc/x.go:${k}`,
      total_count: 3,
      severity: 'error',
      created_at: new Date(base).toISOString(),
      latest_errors: [occurrence(`o-${t}-${k}`, base + k, k)],
    }));
    await writer.merge(
      request(service, `hot-target-${t}`, [{ aggregation_key: HOT_KEY, total_count: 10 + t, severity: 'error', created_at: new Date(base).toISOString(), latest_errors: occurrences }, ...others]),
    );
  }
}

export function request(service: string, targetId: string, aggregates: WireAggregate[]): MergeRequest {
  const fetchedAtMs = Date.now();
  const payload = normalizePayload({ target_uuid: targetId, aggregated_errors: aggregates }, fetchedAtMs);
  return {
    service,
    address: `${targetId}:7777`,
    url: `http://${targetId}:7777/errors`,
    cycle: fetchedAtMs,
    payload,
    health: healthOfMergedScrape(payload, fetchedAtMs, 1),
    sampleCap: 100,
    targetTtlMs: 3_600_000,
    maxKeys: 1_000_000,
  };
}

export function occurrence(uuid: string, atMs: number, k: number): WireOccurrence {
  return {
    error: {
      class: `bench.Error${k}`,
      message: `request ${k} failed: upstream answered 503 after 3 attempts`,
      stacktrace: Array.from({ length: 8 }, (_, f) => `github.com/example/checkout/internal/handler${f}.(*Server).serve(0xc000${f}${k})`),
      cause: null,
    },
    uuid,
    timestamp: new Date(atMs).toISOString(),
    severity: 'error',
    http_context: { request_method: 'GET', request_url: `https://shop.example.com/api/v1/orders/${k}`, request_headers: { Accept: 'application/json' }, request_body: '' },
  };
}
