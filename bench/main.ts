/**
 * npm run bench [-- --quick] [-- --only b0,b1,...] [-- --profile] [-- --report-only]
 * Runs B0–B8 (see BENCHMARKS.md), prints one table, writes bench/results/<mode>.json and, in
 * full mode, regenerates BENCHMARKS.md. `--report-only` runs nothing: it rebuilds BENCHMARKS.md
 * from the last full run's figures and the current notes. Every process it starts (redis-server, fleet, apps) is
 * stopped at the end, also on failure.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FleetProcess } from './fleet/fleet-process';
import { describeShape, FleetShape } from './fleet/fleet-shape';
import { plan } from './options';
import { summarizeProfiles, redisHotspots } from './report/profile';
import { describeMachine } from './report/machine';
import { benchmarksMarkdown } from './report/markdown';
import { resultRows, textTable } from './report/table';
import type { BenchResults, Efficiency, ScalingRow } from './results';
import type { B0Result } from './scenarios/b0-fetch';
import { runB0 } from './scenarios/b0-fetch';
import { runB1 } from './scenarios/b1-merge';
import { runB4 } from './scenarios/b4-api';
import { runB5 } from './scenarios/b5-memory';
import { runB8 } from './scenarios/b8-live';
import { runHotPath } from './scenarios/hot-path';
import { PipelineResult, runPipeline } from './scenarios/pipeline';
import { freePort } from '../test/harness/free-port';
import { log, median, round } from './support/measure';
import { startBenchRedis } from './support/redis';
import { BASE_REVISION, baselineSource, buildBaseline } from './support/baseline';

const ROOT = join(__dirname, '../..');
const ALL = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8'];
/** B7's fleet: one instance in ten records new occurrences between scrapes. */
const B7_CHANGING_SHARE = 0.1;
const HARD_LIMIT_MS = 90 * 60_000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--report-only')) return writeReportOnly();
  const quick = argv.includes('--quick');
  const profile = argv.includes('--profile');
  // Before/after of the hot-path work in the same run: on in full mode, --compare / --no-compare.
  const compare = argv.includes('--compare') || (!quick && !argv.includes('--no-compare'));
  const onlyArg = argv.find((a) => a.startsWith('--only='))?.slice(7) ?? (argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined);
  const only = new Set((onlyArg ?? ALL.join(',')).split(',').map((s) => s.trim().toLowerCase()));
  const p = plan(quick);
  const watchdog = setTimeout(() => {
    log(`giving up after ${HARD_LIMIT_MS / 60_000} minutes`);
    process.exit(2);
  }, HARD_LIMIT_MS);
  watchdog.unref();

  if (profile) rmSync(join(ROOT, 'bench/results/profiles'), { recursive: true, force: true });
  const redis = await startBenchRedis();
  const results: BenchResults = {
    mode: p.mode,
    started: new Date().toISOString(),
    machine: describeMachine(redis.version),
    fleets: { throughput: describeShape(p.throughputFleet), cycle: describeShape(p.cycleFleet) },
  };
  const fleets: FleetProcess[] = [];
  try {
    log(`${p.mode} mode on ${results.machine.cpus} cores; Redis ${redis.version} at ${redis.url}`);
    if (only.has('hot') || only.size === ALL.length) results.hot_path = runHotPath(p.cycleFleet, quick ? 5 : 9, compare ? ROOT : undefined);
    if (only.has('b1') || only.has('b2') || only.has('b6')) {
      const b1Shape = { ...p.throughputFleet, instances: Math.min(p.b1Instances, p.throughputFleet.instances) };
      const b1Options = { cycles: p.b1Cycles, pipelined: Number(process.env.BENCH_B1_PIPELINE ?? 64) };
      results.b1 = await runB1(redis.url, redis.client, b1Shape, b1Options);
      if (compare) {
        // Interleaved, two of each, medians: a burst of load on the shared machine hits one run, not a side.
        const lua = baselineSource(ROOT, 'libs/store/src/lua/merge-payload-1.lua');
        const before = [await runB1(redis.url, redis.client, b1Shape, { ...b1Options, baselineLua: lua })];
        const after = [results.b1, await runB1(redis.url, redis.client, b1Shape, b1Options)];
        before.push(await runB1(redis.url, redis.client, b1Shape, { ...b1Options, baselineLua: lua }));
        const mid = (runs: typeof before, pick: (r: (typeof before)[0]) => number) => median(runs.map(pick));
        const b1Before = mid(before, (r) => r.aggregates_per_s);
        const b1After = mid(after, (r) => r.aggregates_per_s);
        results.compare = {
          base_revision: BASE_REVISION,
          b1_before: Math.round(b1Before),
          b1_after: Math.round(b1After),
          b1_speedup: round(b1After / b1Before, 2),
          b1_redis_us_before: round(
            mid(before, (r) => r.redis_us_per_merge),
            1,
          ),
          b1_redis_us_after: round(
            mid(after, (r) => r.redis_us_per_merge),
            1,
          ),
        };
      }
    }

    if (only.has('b0') || only.has('b2') || only.has('b6')) {
      const fleet = await startFleet(p.throughputFleet, fleets);
      results.b0 = { ...results.b0, throughput_fleet: await runB0(fleet, p.scraperConcurrency * 2) };
      if (only.has('b2') || only.has('b6')) {
        const counts = only.has('b6') ? p.b6Scrapers : [2];
        const runs = new Map<number, PipelineResult>();
        for (const scrapers of counts) {
          runs.set(
            scrapers,
            await runPipeline(
              redis.url,
              redis.client,
              fleet,
              {
                service: `bench-b2-${scrapers}`,
                scrapers,
                concurrency: p.scraperConcurrency,
                cycles: p.pipelineCycles,
                profileDir: profile && scrapers === 2 ? join(ROOT, 'bench/results/profiles/b2') : undefined,
              },
              redis.server.pid,
            ),
          );
          if (profile && scrapers === 2) results.profile = { redis_b2: await redisHotspots(redis.client) };
        }
        const b1 = results.b1?.aggregates_per_s ?? NaN;
        const two = runs.get(2);
        if (compare && two) {
          const baseline = buildBaseline(ROOT);
          try {
            const before = await runPipeline(
              redis.url,
              redis.client,
              fleet,
              { service: 'bench-b2-before', scrapers: 2, concurrency: p.scraperConcurrency, cycles: p.pipelineCycles, scraperRoot: baseline.root },
              redis.server.pid,
            );
            const cpuOf = (r: PipelineResult) => (r.cpu_ms_per_target.scrapers ?? NaN) + (r.cpu_ms_per_target.redis ?? NaN);
            results.compare = {
              ...results.compare,
              base_revision: BASE_REVISION,
              b2_before: before.aggregates_per_s,
              b2_after: two.aggregates_per_s,
              b2_speedup: round(two.aggregates_per_s / before.aggregates_per_s, 2),
              cold_cycle_before_s: before.cold_cycle_s,
              cold_cycle_after_s: two.cold_cycle_s,
              cpu_ms_per_target_before: round(cpuOf(before), 2),
              cpu_ms_per_target_after: round(cpuOf(two), 2),
              cpu_saving: round(cpuOf(before) / cpuOf(two), 2),
            };
          } finally {
            baseline.remove();
          }
        }
        if (two) results.b2 = { ...two, ratio: round(two.aggregates_per_s / b1, 3), goal: '≥ 0.7 × B1' };
        if (two && results.b0?.throughput_fleet && results.b1) results.efficiency = efficiencyOf(results.b0.throughput_fleet, results.b1.redis_us_per_merge, two);
        if (only.has('b6')) {
          const one = runs.get(counts[0])!;
          results.b6 = counts.map((scrapers): ScalingRow => {
            const r = runs.get(scrapers)!;
            return {
              scrapers,
              targets_per_s: r.targets_per_s,
              aggregates_per_s: r.aggregates_per_s,
              cycle_s: r.cycle_s,
              ratio_to_b1: round(r.aggregates_per_s / b1, 3),
              ratio_to_one_scraper: round(r.aggregates_per_s / one.aggregates_per_s, 3),
              complete: r.complete,
              cpu_ms_per_target: r.cpu_ms_per_target,
              redis_calls_per_target: r.redis_calls_per_target,
              scraper_ms_per_job: r.scraper_ms_per_job,
              cpu_busy_share: round((Object.values(r.cpu_ms_per_target).reduce((a, b) => a + b, 0) * r.targets_per_s) / 1000, 2),
            };
          });
        }
      }
      await stopFleet(fleet, fleets);
    }

    if (only.has('b7')) {
      const fleet = await startFleet({ ...p.throughputFleet, changingShare: B7_CHANGING_SHARE }, fleets);
      const b0 = await runB0(fleet, p.scraperConcurrency * 2);
      const run = await runPipeline(redis.url, redis.client, fleet, { service: 'bench-b7', scrapers: 2, concurrency: p.scraperConcurrency, cycles: p.pipelineCycles }, redis.server.pid);
      const mixed = pipelineMs(run.cpu_ms_per_target);
      const changed = results.b2 ? pipelineMs(results.b2.cpu_ms_per_target) : NaN;
      const unchanged = (mixed - B7_CHANGING_SHARE * changed) / (1 - B7_CHANGING_SHARE);
      results.b7 = {
        instances: fleet.shape.instances,
        changing_share: B7_CHANGING_SHARE,
        cycle_s: run.cycle_s,
        complete: run.complete,
        cpu_ms_per_target: run.cpu_ms_per_target,
        pipeline_ms_per_target: round(mixed, 2),
        pipeline_ms_per_unchanged_target: round(unchanged, 2),
        fetch_only_ms_per_payload: b0.cpu_ms_per_payload,
        ratio: round(unchanged / b0.cpu_ms_per_payload, 2),
        redis_calls_per_target: run.redis_calls_per_target,
        scraper_ms_per_job: run.scraper_ms_per_job,
        goal: '≤ 1.3',
      };
      await stopFleet(fleet, fleets);
    }

    if (only.has('b3') || only.has('b0')) {
      const fleet = await startFleet(p.cycleFleet, fleets);
      const b0 = await runB0(fleet, p.scraperConcurrency * 2);
      results.b0 = { ...results.b0, cycle_fleet: b0 };
      if (only.has('b3')) {
        const run = await runPipeline(
          redis.url,
          redis.client,
          fleet,
          {
            service: 'bench-b3',
            scrapers: 2,
            concurrency: p.scraperConcurrency,
            cycles: 1,
            profileDir: profile ? join(ROOT, 'bench/results/profiles/b3') : undefined,
          },
          redis.server.pid,
        );
        if (profile) results.profile = { ...results.profile, redis_b3: await redisHotspots(redis.client) };
        results.b3 = {
          instances: p.cycleFleet.instances,
          payload_bytes: fleet.payloadBytes,
          cycle_s: run.cycle_s,
          cold_cycle_s: run.cold_cycle_s,
          b0_s: b0.seconds,
          ratio: round(run.cycle_s / b0.seconds, 3),
          complete: run.complete,
          goal: '≤ 3.0 × B0',
          cpu_ms_per_target: run.cpu_ms_per_target,
          peak_rss_mb: run.peak_rss_mb,
          peak_rss_total_mb: run.peak_rss_total_mb,
          rss_goal: '< 500 MB (Redis + every app)',
        };
      }
      await stopFleet(fleet, fleets);
    }

    if (only.has('b4')) results.b4 = { ...(await runB4(redis.url, redis.client, p.b4)), goal: 'p99 < 50 ms' };
    if (only.has('b8')) results.b8 = { ...(await runB8(redis.url, redis.client, p.b8)), goal: 'p99 at 10 changes/s ≤ 1.5 × quiet; quiet p99 < 50 ms' };
    if (only.has('b5')) {
      results.b5 = {
        ...(await runB5(redis.url, redis.client, { ...p.b5, errorRate: 0, latencyMs: 0 }, { sizes: p.b5.sizes, churnCycles: p.b5.churnCycles, expiryCycles: p.b5.expiryCycles, pipelined: 32 })),
        goal: 'spread ≤ 1.10',
      };
    }
    if (profile) {
      results.profile = {
        ...results.profile,
        scraper_b2: summarizeProfiles(join(ROOT, 'bench/results/profiles/b2')),
        scraper_b3: summarizeProfiles(join(ROOT, 'bench/results/profiles/b3')),
      };
    }
  } finally {
    for (const fleet of fleets) await fleet.stop();
    redis.client.disconnect();
    await redis.server.stop();
  }

  results.finished = new Date().toISOString();
  const table = textTable(resultRows(results));
  process.stdout.write(`\n${table}\n\n`);
  if (results.profile) process.stdout.write(`${JSON.stringify(results.profile, null, 2)}\n`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  // A partial run (--only) must not replace the complete figures BENCHMARKS.md is built from.
  const name = only.size === ALL.length ? `${p.mode}.json` : `${p.mode}-partial.json`;
  writeFileSync(join(dir, name), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote bench/results/${name}`);
  if (p.mode === 'full' && only.size === ALL.length) {
    writeFileSync(join(ROOT, 'BENCHMARKS.md'), benchmarksMarkdown(results, ROOT));
    log('wrote BENCHMARKS.md');
  }
}

/** BENCHMARKS.md again from bench/results/full.json, e.g. after the notes were edited. */
function writeReportOnly(): void {
  const results = JSON.parse(readFileSync(join(ROOT, 'bench/results/full.json'), 'utf8')) as BenchResults;
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), benchmarksMarkdown(results, ROOT));
  log(`wrote BENCHMARKS.md from the full run of ${results.finished ?? results.started}`);
}

/** What the pipeline itself spends per target: scrapers, Redis and scheduler (not the fleet or the bench). */
function pipelineMs(cpu: Record<string, number>): number {
  return (cpu.scrapers ?? 0) + (cpu.redis ?? 0) + (cpu.scheduler ?? 0);
}

function efficiencyOf(b0: B0Result, redisUsPerMerge: number, b2: PipelineResult): Efficiency {
  const parts = { reader_ms: b0.cpu_ms_per_payload, parse_ms: b0.parse_ms_per_payload, redis_ms: round(redisUsPerMerge / 1000, 3) };
  const floor = parts.reader_ms + parts.parse_ms + parts.redis_ms;
  const pipeline = pipelineMs(b2.cpu_ms_per_target);
  return { floor_ms_per_target: round(floor, 3), pipeline_ms_per_target: round(pipeline, 2), ratio: round(pipeline / floor, 2), parts, goal: '≤ 2.0' };
}

async function startFleet(shape: FleetShape, fleets: FleetProcess[]): Promise<FleetProcess> {
  const fleet = await FleetProcess.start(shape, await freePort());
  fleets.push(fleet);
  log(`fleet: ${describeShape(shape)}, ${(fleet.payloadBytes / 1024).toFixed(0)} KB per payload, pid ${fleet.pid}`);
  return fleet;
}

async function stopFleet(fleet: FleetProcess, fleets: FleetProcess[]): Promise<void> {
  await fleet.stop();
  fleets.splice(fleets.indexOf(fleet), 1);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
