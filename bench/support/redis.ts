import Redis from 'ioredis';
// The test harness's redis-server: private, on a free loopback port, never 6379.
import { RedisProcess, startRedisServer } from '../../test/harness/redis-server';

export interface BenchRedis {
  server: RedisProcess;
  client: Redis;
  url: string;
  version: string;
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const server = await startRedisServer(['--maxmemory-policy', 'noeviction', '--slowlog-log-slower-than', '10000', '--latency-monitor-threshold', '20']);
  const client = new Redis(server.url, { maxRetriesPerRequest: 3 });
  const info = await client.info('server');
  const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  return { server, client, url: server.url, version };
}

/** Empties Redis between scenarios and lets the allocator settle, so memory figures start equal. */
export async function resetRedis(redis: Redis): Promise<void> {
  await redis.flushall();
  await redis.call('MEMORY', 'PURGE').catch(() => undefined);
  await redis.config('RESETSTAT');
  await redis.call('SLOWLOG', 'RESET');
}

export async function usedMemory(redis: Redis): Promise<number> {
  await redis.call('MEMORY', 'PURGE').catch(() => undefined);
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** `INFO commandstats` as { command: { calls, usec, usecPerCall } }. */
export async function commandStats(redis: Redis): Promise<Record<string, { calls: number; usec: number; usecPerCall: number }>> {
  const info = await redis.info('commandstats');
  const out: Record<string, { calls: number; usec: number; usecPerCall: number }> = {};
  for (const m of info.matchAll(/cmdstat_([^:]+):calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)/g)) {
    out[m[1]] = { calls: Number(m[2]), usec: Number(m[3]), usecPerCall: Number(m[4]) };
  }
  return out;
}
