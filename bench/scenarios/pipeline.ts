import { mkdirSync } from 'node:fs';
import type Redis from 'ioredis';
import type { FleetProcess } from '../fleet/fleet-process';
import { BenchApp } from '../support/app-process';
import { writeBenchConfig } from '../support/config-file';
import { CycleTiming, CycleWatch } from '../support/cycle-watch';
import { commandStats, resetRedis } from '../support/redis';
import { log, round } from '../support/measure';

export interface PipelineOptions {
  service: string;
  scrapers: number;
  concurrency: number;
  intervalS: number;
  /** Steady-state cycles measured after the first (cold) one. */
  cycles: number;
  /** When set, scrapers run with --cpu-prof and write their profiles here. */
  profileDir?: string;
}

export interface PipelineResult {
  scrapers: number;
  instances: number;
  interval_s: number;
  cold_cycle_s: number;
  cycle_s: number;
  cycles: CycleTiming[];
  targets_per_s: number;
  aggregates_per_s: number;
  complete: boolean;
  redis_us_per_merge: number;
  redis_busy_share: number;
}

/**
 * The system as deployed against the fleet: a fresh Redis state, `scrapers` scraper processes
 * and one scheduler. The scheduler runs the first (cold) cycle when it starts, then one cycle per
 * interval boundary; each steady cycle is timed from its scheduled start to the poll that sees
 * every target merged (see CycleWatch).
 */
export async function runPipeline(redisUrl: string, admin: Redis, fleet: FleetProcess, options: PipelineOptions): Promise<PipelineResult> {
  await resetRedis(admin);
  const n = fleet.shape.instances;
  const config = writeBenchConfig([{ name: options.service, targets: fleet.addresses(), refreshIntervalS: options.intervalS }]);
  const env = { CONFIG_FILE: config.path, REDIS_URL: redisUrl, SCRAPER_CONCURRENCY: String(options.concurrency) };
  const apps: BenchApp[] = [];
  const watch = new CycleWatch(admin, options.service, options.intervalS * 1000);
  try {
    const nodeArgs = options.profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${options.profileDir}`] : [];
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
    for (let s = 0; s < options.scrapers; s++) apps.push(await BenchApp.start('scraper', env, nodeArgs));
    const scheduler = await BenchApp.start('scheduler', env);
    apps.push(scheduler);

    const first = await watch.nextCycle(null, 60_000);
    const cold = await watch.completion(first.cycle, first.seenMs - 1_000, n, options.intervalS * 4_000 + 60_000);
    cold.startMs = first.seenMs;
    cold.seconds = round((cold.endMs - first.seenMs) / 1000, 3);
    log(`${options.service}: cold cycle ${cold.seconds} s (${cold.merged}/${n} merged${cold.complete ? '' : ', INCOMPLETE'})`);

    // A target whose job is still pending when the next cycle starts is not enqueued again (one
    // job id per target), so only a cycle that starts after the previous one finished is timed.
    const intervalMs = options.intervalS * 1000;
    const cycles: CycleTiming[] = [];
    let last = Math.max(first.cycle, Math.floor(cold.endMs / intervalMs));
    await admin.config('RESETSTAT');
    const infoBefore = await cpuSeconds(admin);
    let wall = 0;
    for (let c = 0; c < options.cycles; c++) {
      const next = await watch.nextCycle(last, options.intervalS * 2_000 + 10_000);
      const timing = await watch.completion(next.cycle, watch.boundaryMs(next.cycle), n, options.intervalS * 2_000);
      last = Math.max(next.cycle, Math.floor(timing.endMs / intervalMs));
      timing.seconds = round(timing.seconds, 3);
      wall += timing.seconds;
      cycles.push(timing);
      log(`${options.service}: cycle ${c + 1}: ${timing.seconds} s (${timing.merged}/${n} merged${timing.complete ? '' : ', INCOMPLETE'})`);
    }
    const busy = (await cpuSeconds(admin)) - infoBefore;
    if (!cold.complete || cycles.some((t) => !t.complete)) {
      for (const app of apps) if (app.output.trim()) log(`${app.name} said:\n${app.output.slice(-1500)}`);
    }
    const stats = await commandStats(admin);
    const merged = cycles.reduce((sum, t) => sum + t.merged, 0);
    const seconds = cycles.reduce((sum, t) => sum + t.seconds, 0);
    return {
      scrapers: options.scrapers,
      instances: n,
      interval_s: options.intervalS,
      cold_cycle_s: cold.seconds,
      cycle_s: round(seconds / Math.max(cycles.length, 1), 3),
      cycles,
      targets_per_s: round(merged / seconds, 1),
      aggregates_per_s: Math.round((merged * fleet.shape.keys) / seconds),
      complete: cycles.every((t) => t.complete),
      redis_us_per_merge: round(stats.evalsha?.usecPerCall ?? NaN, 1),
      redis_busy_share: round(busy / Math.max(wall, 1e-9), 3),
    };
  } finally {
    for (const app of [...apps].reverse()) await app.stop();
    config.remove();
  }
}

/** Redis' own CPU time (user + sys), from INFO cpu. */
async function cpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
  return user + sys;
}
