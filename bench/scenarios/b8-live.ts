import Redis from 'ioredis';
import { AggregateWriter } from '@periskop/store';
import { AppProcess } from '../../test/harness/app-process';
import { writeBenchConfig } from '../support/config-file';
import { log, round } from '../support/measure';
import { resetRedis } from '../support/redis';
import { EndpointResult, HOT_KEY, occurrence, request, seed, seedHotKey, timeOne } from './b4-api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
) => Promise<{ latency: { p50: number; p99: number }; requests: { average: number }; non2xx: number; errors: number; timeouts: number }>;

/** One endpoint polled while the service is quiet, then while a writer changes it at each rate. */
export interface LiveEndpoint {
  path: string;
  quiet: EndpointResult;
  /** By changes per second asked for; `changes_per_s` is what the writer achieved. */
  live: Array<EndpointResult & { rate: number; changes_per_s: number }>;
  /** p99 under each rate / p99 quiet. */
  p99_ratio: Record<string, number>;
}

export interface B8Result {
  connections: number;
  seconds: number;
  list_keys: number;
  list: LiveEndpoint;
  detail: LiveEndpoint;
  /**
   * Periskop's full list (`periskopKeys` × 10 samples), quiet without and with `Accept-Encoding:
   * gzip`, and with gzip at the first rate.
   */
  periskop: {
    keys: number;
    samples_per_key: number;
    identity: EndpointResult;
    gzip: EndpointResult;
    gzip_live: EndpointResult & { rate: number; changes_per_s: number };
    bytes: number;
    gzip_bytes: number;
  };
  /** Full mode: the same list page on a service `scale_keys` large, quiet and at the first rate. */
  scale?: { keys: number; quiet: EndpointResult; live: EndpointResult & { rate: number; changes_per_s: number }; p99_ratio_to_list: number };
}

const LIST = 'bench-live-list';
const DETAIL = 'bench-live-detail';
const SCALE = 'bench-live-scale';
const PERISKOP = 'bench-live-periskop';
/** Merges in flight at once; a writer that falls behind its rate shows in changes_per_s. */
const WRITER_IN_FLIGHT = 8;

/**
 * B8 "live": B4's list page and detail (10,000 keys, 50 connections) polled while a writer
 * merges continuously: each change is one scraped payload of one target in which one key's count
 * grew by one, with a new occurrence — what a fleet in an incident does to the service. Every
 * change bumps the service's version. Quiet first, then each rate, in one run.
 */
export async function runB8(
  redisUrl: string,
  admin: Redis,
  options: { listKeys: number; scaleKeys?: number; periskopKeys: number; seconds: number; connections: number; rates: number[] },
): Promise<B8Result> {
  await resetRedis(admin);
  const redis = new Redis(redisUrl);
  const writer = new AggregateWriter(redis);
  const services = [LIST, DETAIL, PERISKOP, ...(options.scaleKeys ? [SCALE] : [])];
  const config = writeBenchConfig(services.map((name) => ({ name, targets: ['127.0.0.1:9'], refreshIntervalS: 3600 })));
  let api: AppProcess | undefined;
  try {
    await writer.registerServices(services);
    await seed(writer, LIST, options.listKeys, 1, 500);
    await seedHotKey(writer, DETAIL);
    await seed(writer, PERISKOP, options.periskopKeys, 10, 250);
    if (options.scaleKeys) await seed(writer, SCALE, options.scaleKeys, 1, 500);
    api = await AppProcess.start('api', { CONFIG_FILE: config.path, REDIS_URL: redisUrl }, { keepOutputChars: 20_000 });
    const listKeys = Array.from({ length: options.listKeys }, (_, k) => `bench.Error${k}@svc/handler.go:${k}`);
    const detailKeys = [HOT_KEY, ...Array.from({ length: 49 }, (_, k) => `bench.Other${k}@svc/x.go:${k}`)];

    const poll = async (path: string, service: string, keys: string[]): Promise<LiveEndpoint> => {
      const url = `${api!.url}${path}`;
      const single = await timeOne(url);
      log(`B8 ${path}: one request alone ${single.ms} ms, ${round(single.bytes / 1024, 1)} KB`);
      const quiet = await cannon(url, options);
      log(`B8 ${path} quiet: ${describe(quiet)}`);
      const live: LiveEndpoint['live'] = [];
      for (const rate of options.rates) {
        const run = await whileWriting(writer, service, keys, rate, () => cannon(url, options));
        live.push({ ...run.result, rate, changes_per_s: run.changesPerS });
        log(`B8 ${path} at ${rate} changes/s (${run.changesPerS} achieved): ${describe(run.result)}`);
      }
      const p99_ratio = Object.fromEntries(live.map((l) => [String(l.rate), round(l.p99_ms / Math.max(quiet.p99_ms, 1), 2)]));
      return { path, quiet, live, p99_ratio };
    };

    const listPath = (service: string) => `/api/services/${service}/errors?limit=50&sort=latest`;
    const list = await poll(listPath(LIST), LIST, listKeys);
    const detail = await poll(`/api/services/${DETAIL}/error?key=${encodeURIComponent(HOT_KEY)}`, DETAIL, detailKeys);
    const periskopUrl = `${api.url}/services/${PERISKOP}/errors/`;
    const gzipped = { 'accept-encoding': 'gzip' };
    const plainSize = await timeOne(periskopUrl);
    const gzipSize = (await (await rawFetch(periskopUrl, gzipped)).arrayBuffer()).byteLength;
    const periskopKeys = Array.from({ length: options.periskopKeys }, (_, k) => `bench.Error${k}@svc/handler.go:${k}`);
    const identity = await cannon(periskopUrl, options);
    log(`B8 Periskop full list (${round(plainSize.bytes / 1024 / 1024, 1)} MB) quiet: ${describe(identity)}`);
    const gzip = await cannon(periskopUrl, options, gzipped);
    log(`B8 Periskop full list gzip (${round(gzipSize / 1024, 0)} KB) quiet: ${describe(gzip)}`);
    const periskopRun = await whileWriting(writer, PERISKOP, periskopKeys, options.rates[0], () => cannon(periskopUrl, options, gzipped));
    log(`B8 Periskop full list gzip at ${options.rates[0]} changes/s (${periskopRun.changesPerS} achieved): ${describe(periskopRun.result)}`);
    const periskop: B8Result['periskop'] = {
      keys: options.periskopKeys,
      samples_per_key: 10,
      identity,
      gzip,
      gzip_live: { ...periskopRun.result, rate: options.rates[0], changes_per_s: periskopRun.changesPerS },
      bytes: plainSize.bytes,
      gzip_bytes: gzipSize,
    };
    let scale: B8Result['scale'];
    if (options.scaleKeys) {
      const url = `${api.url}${listPath(SCALE)}`;
      const scaleKeys = Array.from({ length: options.scaleKeys }, (_, k) => `bench.Error${k}@svc/handler.go:${k}`);
      const quiet = await cannon(url, options);
      const rate = options.rates[0];
      const run = await whileWriting(writer, SCALE, scaleKeys, rate, () => cannon(url, options));
      scale = { keys: options.scaleKeys, quiet, live: { ...run.result, rate, changes_per_s: run.changesPerS }, p99_ratio_to_list: round(run.result.p99_ms / Math.max(list.live[0].p99_ms, 1), 2) };
      log(`B8 ${options.scaleKeys} keys: quiet ${describe(quiet)}; at ${rate} changes/s ${describe(run.result)}`);
    }
    return { connections: options.connections, seconds: options.seconds, list_keys: options.listKeys, list, detail, periskop, scale };
  } finally {
    await api?.stop();
    redis.disconnect();
    config.remove();
  }
}

async function cannon(url: string, options: { seconds: number; connections: number }, headers: Record<string, string> = {}): Promise<EndpointResult> {
  await autocannon({ url, headers, connections: options.connections, duration: 1, timeout: 60 });
  const r = await autocannon({ url, headers, connections: options.connections, duration: options.seconds, timeout: 60 });
  return { path: new URL(url).pathname, p50_ms: r.latency.p50, p99_ms: r.latency.p99, req_per_s: round(r.requests.average, 1), non_2xx: r.non2xx + r.errors + r.timeouts };
}

/** fetch without decoding: undici's fetch would inflate the body and hide its size on the wire. */
async function rawFetch(url: string, headers: Record<string, string>): Promise<Response> {
  const { request } = await import('undici');
  const res = await request(url, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return new Response(body, { status: res.statusCode });
}

const describe = (r: EndpointResult) => `p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.req_per_s} req/s${r.non_2xx ? `, ${r.non_2xx} failed` : ''}`;

/**
 * Runs `measure` while one writer target merges `rate` changes a second into `service`: each a
 * payload with one random key whose count grew by one and one new occurrence.
 */
async function whileWriting<T>(writer: AggregateWriter, service: string, keys: string[], rate: number, measure: () => Promise<T>): Promise<{ result: T; changesPerS: number }> {
  const counts = new Map<string, number>();
  let running = true;
  let inFlight = 0;
  let changes = 0;
  let failure: Error | undefined;
  const started = Date.now();
  // Its own counter identity per run: an earlier run's higher counts are not this run's.
  const target = `live-writer-${rate}-${started}`;
  const change = async (n: number) => {
    const k = Math.floor(Math.random() * keys.length);
    const key = keys[k];
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    const aggregate = {
      aggregation_key: key,
      total_count: count,
      severity: 'error',
      created_at: new Date(started - 3_600_000).toISOString(),
      latest_errors: [occurrence(`live-${service}-${n}`, Date.now(), k)],
    };
    const merged = await writer.merge({ ...request(service, target, [aggregate]), cycle: n });
    // A merge that arrived after a later one of the same writer is stale: not a change.
    if (merged.keysChanged > 0) changes += 1;
  };
  const loop = (async () => {
    let next = Date.now();
    let n = 0;
    while (running) {
      if (inFlight < WRITER_IN_FLIGHT) {
        inFlight += 1;
        const id = ++n;
        void change(id)
          .catch((err: Error) => (failure ??= err))
          .finally(() => (inFlight -= 1));
      }
      next += 1000 / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    }
  })();
  try {
    const result = await measure();
    const seconds = (Date.now() - started) / 1000;
    if (failure) throw failure;
    return { result, changesPerS: round(changes / seconds, 1) };
  } finally {
    running = false;
    await loop;
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  }
}
