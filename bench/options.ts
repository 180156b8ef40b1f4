import type { FleetShape } from './fleet/fleet-shape';

export interface BenchPlan {
  mode: 'quick' | 'full';
  /** Fleet of B0 (first row), B1, B2 and B6: many mid-sized payloads. */
  throughputFleet: FleetShape;
  /** B1 merges this many instances of the throughput fleet's shape (prepared in memory). */
  b1Instances: number;
  b1Cycles: number;
  /** Fleet of B3 and its B0 (10,000 × 50 × 10 in full mode). */
  cycleFleet: FleetShape;
  scraperConcurrency: number;
  pipelineCycles: number;
  b6Scrapers: number[];
  b4: { listKeys: number; periskopKeys: number; seconds: number; connections: number };
  b5: { keys: number; samplesPerKey: number; growthPerScrape: number; sizes: number[]; churnCycles: number; expiryCycles: number };
  /** B8: B4's list and detail polled while a writer merges at each rate (changes/s); full mode also a `scaleKeys` service. */
  b8: { listKeys: number; scaleKeys?: number; periskopKeys: number; seconds: number; connections: number; rates: number[] };
}

const shape = (instances: number, keys: number, samplesPerKey: number): FleetShape => ({ instances, keys, samplesPerKey, growthPerScrape: 5, errorRate: 0, latencyMs: 0 });

export function plan(quick: boolean): BenchPlan {
  if (quick) {
    return {
      mode: 'quick',
      throughputFleet: shape(200, 20, 5),
      b1Instances: 200,
      b1Cycles: 2,
      cycleFleet: shape(300, 50, 10),
      scraperConcurrency: Number(process.env.BENCH_SCRAPER_CONCURRENCY ?? 32),
      pipelineCycles: Number(process.env.BENCH_PIPELINE_CYCLES ?? 1),
      b6Scrapers: [1, 2, 4],
      b4: { listKeys: 10_000, periskopKeys: 1_000, seconds: 3, connections: 50 },
      b5: { keys: 20, samplesPerKey: 3, growthPerScrape: 5, sizes: [100, 300, 500], churnCycles: 10, expiryCycles: 2 },
      b8: { listKeys: 10_000, periskopKeys: 1_000, seconds: 4, connections: 50, rates: [10, 100] },
    };
  }
  return {
    mode: 'full',
    throughputFleet: shape(1_000, 50, 10),
    b1Instances: 500,
    b1Cycles: 2,
    cycleFleet: shape(10_000, 50, 10),
    scraperConcurrency: 32,
    pipelineCycles: 2,
    b6Scrapers: [1, 2, 4],
    b4: { listKeys: 10_000, periskopKeys: 1_000, seconds: 10, connections: 50 },
    b5: { keys: 50, samplesPerKey: 3, growthPerScrape: 5, sizes: [1_000, 5_000, 10_000], churnCycles: 10, expiryCycles: 2 },
    b8: { listKeys: 10_000, scaleKeys: 100_000, periskopKeys: 1_000, seconds: 10, connections: 50, rates: [10, 100] },
  };
}
