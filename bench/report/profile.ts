import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Redis from 'ioredis';
import { commandStats } from '../support/redis';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/**
 * Self time per function over every `.cpuprofile` in `dir` (written by `node --cpu-prof`), the
 * top `top` of them as a share of all samples — what the scrapers spent their CPU on.
 */
export function summarizeProfiles(dir: string, top = 25): Record<string, unknown> {
  if (!existsSync(dir)) return { note: 'no profiles' };
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const self = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
      const name = `${functionName || '(anonymous)'} ${where}`.trim();
      self.set(name, (self.get(name) ?? 0) + hits);
      total += hits;
    }
  }
  const busy = total - (self.get('(idle)') ?? 0);
  const rows = [...self.entries()]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => `${((hits / Math.max(busy, 1)) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return { files: files.length, busy_share_of_samples: Number((busy / Math.max(total, 1)).toFixed(3)), top_self_time: rows };
}

/** Where Redis spent its time: command stats by total time, the slow log, latency events. */
export async function redisHotspots(redis: Redis): Promise<Record<string, unknown>> {
  const stats = Object.entries(await commandStats(redis))
    .sort((a, b) => b[1].usec - a[1].usec)
    .slice(0, 8)
    .map(([cmd, s]) => `${cmd}: ${s.calls} calls, ${(s.usec / 1e6).toFixed(2)} s, ${s.usecPerCall.toFixed(1)} µs/call`);
  const slowlog = ((await redis.call('SLOWLOG', 'GET', '5')) as unknown[][]).map((e) => `${e[2]} µs: ${String((e[3] as unknown[])[0])} ${String((e[3] as unknown[]).length)} args`);
  const latency = ((await redis.call('LATENCY', 'LATEST')) as unknown[][]).map((e) => `${e[0]}: latest ${e[2]} ms, max ${e[3]} ms`);
  return { commandstats: stats, slowlog, latency };
}
