import { mkdirSync } from 'node:fs';
import type Redis from 'ioredis';
import type { FleetProcess } from '../fleet/fleet-process';
import { AppProcess } from '../../test/harness/app-process';
import { writeBenchConfig } from '../support/config-file';
import { CycleTiming, CycleWatch } from '../support/cycle-watch';
import { commandStats, resetRedis } from '../support/redis';
import { CpuMeter } from '../support/process-cpu';
import { RssMeter } from '../support/process-memory';
import { serviceKeys } from '@periskop/store';
import { log, round } from '../support/measure';

/** A bench runs for minutes: the apps keep only the end of their output, for a failure report. */
const KEEP_TAIL = { keepOutputChars: 20_000 };

export interface PipelineOptions {
  service: string;
  scrapers: number;
  concurrency: number;
  /** Steady-state cycles measured after the first (cold) one. */
  cycles: number;
  /** When set, scrapers run with --cpu-prof and write their profiles here. */
  profileDir?: string;
  /** Extra node flags for the scrapers (BENCH_SCRAPER_NODE_ARGS adds to them). */
  scraperNodeArgs?: string[];
  /** Where the scrapers' build is (the baseline build for "before"); the repository by default. */
  scraperRoot?: string;
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
  /** CPU milliseconds per merged target during the steady cycles, per kind of process. */
  cpu_ms_per_target: Record<string, number>;
  /** Redis commands per merged target during the steady cycles (every client: scrapers, scheduler, the bench's polls). */
  redis_calls_per_target: Record<string, number>;
  /** Where a job's time went in the scrapers during the steady cycles (their own metrics), ms per job. */
  scraper_ms_per_job: ScraperJobTimes;
  /** Peak resident set size per process over the whole run (cold and steady cycles), MB. */
  peak_rss_mb: Record<string, number>;
  /** The largest sum of the RSS of Redis and the apps alive together (sampled every 100 ms; not the fleet), MB. */
  peak_rss_total_mb: number;
}

export interface ScraperJobTimes {
  jobs: number;
  /** Enqueue (the job's timestamp) to a worker taking it. */
  queue_wait_ms: number;
  /** Taken to done: fetch, digest, parse, normalize, merge. */
  scrape_ms: number;
  /** The merge calls alone. */
  merge_ms: number;
  /** Job slots (scrapers × concurrency × cycle wall time) that held a running job. */
  slot_busy_share: number;
}

/**
 * The system as deployed against the fleet: a fresh Redis state, `scrapers` scraper processes
 * and a scheduler.
 * 1. Cold cycle: the scheduler starts with a one-hour interval, so it runs exactly one cycle (it
 *    runs the current cycle when it starts), which sees every target for the first time.
 * 2. Steady cycles: a new scheduler with an interval of 1.3 × the cold cycle (a steady cycle is
 *    cheaper, so cycles never overlap) runs its first cycle at once, the next ones on interval
 *    boundaries. Each is timed from when it was claimed (or its boundary) to the poll that sees
 *    every target merged (see CycleWatch).
 */
/** The node flags docker-compose.yml and deploy/kubernetes give a scraper (NODE_OPTIONS). */
const DEPLOYED_SCRAPER_NODE_ARGS = ['--max-old-space-size=512'];

export async function runPipeline(redisUrl: string, admin: Redis, fleet: FleetProcess, options: PipelineOptions, redisPid?: number): Promise<PipelineResult> {
  await resetRedis(admin);
  const n = fleet.shape.instances;
  const service = { name: options.service, targets: fleet.addresses() };
  let config = writeBenchConfig([{ ...service, refreshIntervalS: 3600 }]);
  const env = () => ({ CONFIG_FILE: config.path, REDIS_URL: redisUrl, SCRAPER_CONCURRENCY: String(options.concurrency) });
  const apps: AppProcess[] = [];
  const rss = new RssMeter(new Set(['fleet']));
  rss.watch('redis', redisPid, false);
  rss.watch('fleet', fleet.pid, false);
  rss.start();
  try {
    // Scrapers run as deployed: docker-compose.yml and the Kubernetes manifest cap their heap (docs/scaling.md, sizing).
    const nodeArgs = [...DEPLOYED_SCRAPER_NODE_ARGS, ...(options.scraperNodeArgs ?? []), ...(process.env.BENCH_SCRAPER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
    if (options.profileDir) {
      mkdirSync(options.profileDir, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
    }
    for (let s = 0; s < options.scrapers; s++) {
      apps.push(await AppProcess.start('scraper', env(), { ...KEEP_TAIL, nodeArgs, root: options.scraperRoot }));
      rss.watch(`scraper-${s + 1}`, apps[s].pid, true);
    }

    const coldWatch = new CycleWatch(admin, options.service, 3_600_000);
    // Watch from before the scheduler starts: it claims its first cycle before it answers health.
    const firstClaim = coldWatch.nextCycle(null, 60_000);
    let scheduler = await AppProcess.start('scheduler', env(), KEEP_TAIL);
    rss.watch('scheduler-cold', scheduler.pid, true);
    const first = await firstClaim;
    const cold = await coldWatch.completion(first.cycle, 0, n, 30 * 60_000);
    cold.startMs = first.seenMs;
    cold.seconds = round((cold.endMs - first.seenMs) / 1000, 3);
    log(`${options.service}: cold cycle ${cold.seconds} s (${cold.merged}/${n} merged${cold.complete ? '' : ', INCOMPLETE'})`);
    rss.sample();
    await scheduler.stop();

    const intervalS = Math.ceil(Math.max(3, cold.seconds * 1.3 + 1));
    config.remove();
    config = writeBenchConfig([{ ...service, refreshIntervalS: intervalS }]);
    await admin.del(serviceKeys(options.service).cycle); // a fresh claim, so the first steady cycle runs at once
    const watch = new CycleWatch(admin, options.service, intervalS * 1000);
    const scrapers = apps.slice();
    const metricsBefore = await Promise.all(scrapers.map(scraperMetrics));
    await admin.config('RESETSTAT');
    const cpuBefore = await cpuSeconds(admin);
    const cycles: CycleTiming[] = [];
    const steadyClaim = watch.nextCycle(null, 60_000);
    scheduler = await AppProcess.start('scheduler', env(), KEEP_TAIL);
    apps.push(scheduler);
    rss.watch('scheduler', scheduler.pid, true);
    const cpu = new CpuMeter({ scrapers: scrapers.map((a) => a.pid), fleet: [fleet.pid], redis: [redisPid], scheduler: [scheduler.pid], bench: [process.pid] });
    cpu.start();
    let afterMs = cold.endMs; // every merge of the cold cycle fetched before it completed
    let last: number | null = null;
    for (let c = 0; c < options.cycles; c++) {
      const next = c === 0 ? await steadyClaim : await watch.nextCycle(last, intervalS * 2_000 + 30_000);
      // The first steady cycle runs when the scheduler starts; later ones on their boundary.
      const startMs = c === 0 ? next.seenMs : watch.boundaryMs(next.cycle);
      const timing = await watch.completion(next.cycle, c === 0 ? afterMs + 1 : Math.max(startMs, afterMs + 1), n, intervalS * 3_000);
      timing.startMs = startMs;
      timing.seconds = round((timing.endMs - startMs) / 1000, 3);
      cycles.push(timing);
      log(`${options.service}: cycle ${c + 1} of ${intervalS} s: ${timing.seconds} s (${timing.merged}/${n} merged${timing.complete ? '' : ', INCOMPLETE'})`);
      // Only a cycle that starts after the previous one finished is timed: a target whose job is
      // still pending when a cycle starts is not enqueued again (one job id per target).
      last = Math.max(next.cycle, watch.cycleAt(timing.endMs));
      afterMs = timing.endMs;
    }
    const used = cpu.stop();
    const wall = cycles.reduce((sum, t) => sum + t.seconds, 0);
    const busy = (await cpuSeconds(admin)) - cpuBefore;
    if (!cold.complete || cycles.some((t) => !t.complete)) {
      for (const app of apps) if (app.output.trim()) log(`${app.name} said:\n${app.output.slice(-1500)}`);
    }
    const stats = await commandStats(admin);
    const merged = cycles.reduce((sum, t) => sum + t.merged, 0);
    const metricsAfter = await Promise.all(scrapers.map(scraperMetrics));
    const jobs = jobTimes(metricsBefore, metricsAfter, options.scrapers * options.concurrency * wall);
    const peakRss = rss.stop();
    return {
      scrapers: options.scrapers,
      instances: n,
      interval_s: intervalS,
      cold_cycle_s: cold.seconds,
      cycle_s: round(wall / Math.max(cycles.length, 1), 3),
      cycles,
      targets_per_s: round(merged / wall, 1),
      aggregates_per_s: Math.round((merged * fleet.shape.keys) / wall),
      complete: cycles.every((t) => t.complete),
      redis_us_per_merge: round(stats.evalsha?.usecPerCall ?? NaN, 1),
      redis_busy_share: round(busy / Math.max(wall, 1e-9), 3),
      cpu_ms_per_target: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, round((v * 1000) / Math.max(merged, 1), 2)])),
      redis_calls_per_target: Object.fromEntries(
        Object.entries(stats)
          .sort((a, b) => b[1].calls - a[1].calls)
          .map(([cmd, st]) => [cmd, round(st.calls / Math.max(merged, 1), 2)]),
      ),
      scraper_ms_per_job: jobs,
      peak_rss_mb: Object.fromEntries(Object.entries(peakRss).map(([k, v]) => [k, round(v / 1024 / 1024, 1)])),
      peak_rss_total_mb: round(rss.peakTotal / 1024 / 1024, 1),
    };
  } finally {
    rss.stop();
    for (const app of [...apps].reverse()) await app.stop();
    config.remove();
  }
}

/** Sums and counts of the scraper's job histograms, over every label set. */
type MetricSums = Record<string, number>;

const JOB_HISTOGRAMS = ['periskop_scrape_queue_wait_seconds', 'periskop_scrape_duration_seconds', 'periskop_merge_duration_seconds'];

async function scraperMetrics(app: AppProcess): Promise<MetricSums> {
  const out: MetricSums = {};
  try {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    for (const line of text.split('\n')) {
      const m = /^(\w+?)_(sum|count)(?:\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
      if (m && JOB_HISTOGRAMS.includes(m[1])) out[`${m[1]}_${m[2]}`] = (out[`${m[1]}_${m[2]}`] ?? 0) + Number(m[3]);
    }
  } catch {
    // a scraper without metrics: its share reads as 0
  }
  return out;
}

function jobTimes(before: MetricSums[], after: MetricSums[], slotSeconds: number): ScraperJobTimes {
  const delta = (name: string) => after.reduce((sum, a, i) => sum + (a[name] ?? 0) - (before[i]?.[name] ?? 0), 0);
  const perJob = (metric: string) => round((delta(`${metric}_sum`) * 1000) / Math.max(delta(`${metric}_count`), 1), 2);
  const jobs = delta('periskop_scrape_duration_seconds_count');
  return {
    jobs,
    queue_wait_ms: perJob('periskop_scrape_queue_wait_seconds'),
    scrape_ms: perJob('periskop_scrape_duration_seconds'),
    merge_ms: perJob('periskop_merge_duration_seconds'),
    slot_busy_share: round(delta('periskop_scrape_duration_seconds_sum') / Math.max(slotSeconds, 1e-9), 3),
  };
}

/** Redis' own CPU time (user + sys), from INFO cpu. */
async function cpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
  return user + sys;
}
