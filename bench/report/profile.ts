import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Redis from 'ioredis';
import { commandStats } from '../support/redis';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** An idle stretch at least this long ends a phase (start-up, cold cycle, steady cycles). */
const PHASE_GAP_US = 500_000;

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
  return {
    files: files.length,
    busy_share_of_samples: Number((busy / Math.max(total, 1)).toFixed(3)),
    top_self_time: rows,
    last_phase: lastPhase(
      files.map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile),
      top,
    ),
  };
}

/**
 * Self time per function over each profile's last phase only: the samples after its last idle
 * stretch of PHASE_GAP_US, i.e. the steady cycles (the whole-process summary is mostly start-up
 * and the cold cycle). Milliseconds of CPU, summed over the processes.
 */
function lastPhase(profiles: CpuProfile[], top: number): Record<string, unknown> {
  const self = new Map<string, number>();
  let busyUs = 0;
  for (const profile of profiles) {
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const idle = (id: number) => ['(idle)', '(program)'].includes(byId.get(id)?.callFrame.functionName ?? '');
    let from = 0;
    let at = 0;
    let idleSince: number | null = null;
    for (let i = 0; i < samples.length; i++) {
      at += deltas[i] ?? 0;
      if (idle(samples[i])) idleSince ??= at;
      else {
        if (idleSince !== null && at - idleSince > PHASE_GAP_US) from = i;
        idleSince = null;
      }
    }
    for (let i = from; i < samples.length; i++) {
      if (idle(samples[i])) continue;
      const { functionName, url, lineNumber } = byId.get(samples[i])!.callFrame;
      const name = `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`.trim();
      const us = deltas[i] ?? 0;
      self.set(name, (self.get(name) ?? 0) + us);
      busyUs += us;
    }
  }
  const rows = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms ${((us / Math.max(busyUs, 1)) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return { busy_ms: Math.round(busyUs / 1000), top_self_time: rows };
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
