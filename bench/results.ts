import type { Machine } from './report/machine';
import type { B0Result } from './scenarios/b0-fetch';
import type { B1Result } from './scenarios/b1-merge';
import type { B4Result } from './scenarios/b4-api';
import type { B5Result } from './scenarios/b5-memory';
import type { B8Result } from './scenarios/b8-live';
import type { HotPathResult } from './scenarios/hot-path';
import type { PipelineResult, ScraperJobTimes } from './scenarios/pipeline';

export interface ScalingRow {
  scrapers: number;
  targets_per_s: number;
  aggregates_per_s: number;
  cycle_s: number;
  ratio_to_b1: number;
  ratio_to_one_scraper: number;
  complete: boolean;
  cpu_ms_per_target: Record<string, number>;
  redis_calls_per_target: Record<string, number>;
  scraper_ms_per_job: ScraperJobTimes;
  /** CPU used by all of the run's processes over the cycles' wall time (2 = both cores). */
  cpu_busy_share: number;
}

export interface Efficiency {
  /** B0 reader CPU per payload + JSON.parse of the same bodies + B1 Redis time per merge (throughput fleet). */
  floor_ms_per_target: number;
  /** B2: scrapers + Redis + scheduler CPU per merged target (not the fleet, not the bench). */
  pipeline_ms_per_target: number;
  ratio: number;
  parts: { reader_ms: number; parse_ms: number; redis_ms: number };
  goal: string;
}

/** B7: a steady fleet where most instances answer the same body as at their last scrape. */
export interface SteadyFleetResult {
  instances: number;
  changing_share: number;
  cycle_s: number;
  complete: boolean;
  cpu_ms_per_target: Record<string, number>;
  /** Scrapers + Redis + scheduler per target, changed and unchanged together. */
  pipeline_ms_per_target: number;
  /** Derived: (mixed − share × B2's per changed target) / (1 − share). */
  pipeline_ms_per_unchanged_target: number;
  /** B0's reader CPU per payload of the same fleet. */
  fetch_only_ms_per_payload: number;
  ratio: number;
  /** Redis commands per target over the steady cycles (every client, and the commands scripts run). */
  redis_calls_per_target: Record<string, number>;
  scraper_ms_per_job: ScraperJobTimes;
  goal: string;
}

/** Everything one run measured; written to bench/results/<mode>.json. */
export interface BenchResults {
  mode: 'quick' | 'full';
  started: string;
  finished?: string;
  machine: Machine;
  fleets: { throughput: string; cycle: string };
  b0?: { throughput_fleet?: B0Result; cycle_fleet?: B0Result };
  b1?: B1Result;
  b2?: PipelineResult & { ratio: number; goal: string };
  b3?: {
    instances: number;
    payload_bytes: number;
    cycle_s: number;
    cold_cycle_s: number;
    b0_s: number;
    ratio: number;
    complete: boolean;
    goal: string;
    cpu_ms_per_target?: Record<string, number>;
    /** Peak RSS per process during B3 (cold and steady cycles), MB; the total is the largest sum of Redis and the apps alive together (not the fleet). */
    peak_rss_mb?: Record<string, number>;
    peak_rss_total_mb?: number;
    rss_goal?: string;
  };
  b4?: B4Result & { goal: string };
  b5?: B5Result & { goal: string };
  b6?: ScalingRow[];
  /** The floor of one target (reader CPU + JSON.parse + Redis per merge) and what the pipeline spends (B2). */
  efficiency?: Efficiency;
  b7?: SteadyFleetResult;
  b8?: B8Result & { goal: string };
  hot_path?: HotPathResult;
  /** The hot-path work, before (BASE_REVISION) and after, measured side by side in this run. */
  compare?: Record<string, number | string>;
  profile?: Record<string, unknown>;
}
