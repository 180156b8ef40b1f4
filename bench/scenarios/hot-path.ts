import { healthOfMergedScrape, mergeArguments, MergeRequest } from '@periskop/store';
import { normalizePayload } from '@periskop/wire';
import type { FleetShape } from '../fleet/fleet-shape';
import { FleetState } from '../fleet/fleet-state';
import { loadBaselineNormalizer } from '../support/baseline';
import { log, median, round } from '../support/measure';

export interface HotPathResult {
  payload_bytes: number;
  /** Per payload, in this process: JSON.parse alone, then the whole normalizer (parse included). */
  parse_ms: number;
  normalize_ms: number;
  /** Bytes of the merge arguments: every sample (before), and the steady-state calls (after). */
  merge_bytes_all_samples: number;
  merge_bytes_counts_only: number;
  merge_bytes_grown_keys: number;
  /** The normalizer of BASE_REVISION on the same bodies, its strings built as it did eagerly. */
  normalize_before_ms?: number;
}

/**
 * The scraper's CPU work per payload, measured in-process on the fleet's own bodies, and how many
 * bytes one merge sends to Redis with and without withheld samples.
 */
export function runHotPath(shape: FleetShape, rounds: number, root?: string): HotPathResult {
  const state = new FleetState({ ...shape, instances: Math.min(shape.instances, 50) }, 5);
  const bodies = Array.from({ length: state.shape.instances }, (_, i) => state.scrape(i).toString('utf8'));
  // The median round: one slow round (another process, a major GC) does not move it.
  const time = (fn: (body: string) => unknown) => {
    for (const body of bodies) fn(body); // warm-up
    const perRound: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      for (const body of bodies) fn(body);
      perRound.push((performance.now() - started) / bodies.length);
    }
    return median(perRound);
  };
  const parse = time((b) => JSON.parse(b));
  const normalize = time((b) => normalizePayload(b, Date.now()));
  let before: number | undefined;
  if (root) {
    const baseline = loadBaselineNormalizer(root);
    try {
      before = time((b) => baseline.normalize(b, Date.now()));
    } finally {
      baseline.remove();
    }
  }
  const payload = normalizePayload(bodies[0], Date.now());
  const request: MergeRequest = {
    service: 's',
    address: 'x:1',
    url: 'http://x:1/errors',
    cycle: 1,
    payload,
    health: healthOfMergedScrape(payload, 0, 1),
    sampleCap: 100,
    targetTtlMs: 1,
    maxKeys: 1_000_000,
  };
  const all = payload.aggregates;
  const args = (withSamples: ReadonlySet<string>) => mergeArguments(request, 'x', all, withSamples);
  const bytes = (args: Array<string | number | Buffer>) => args.reduce<number>((sum, a) => sum + (Buffer.isBuffer(a) ? a.length : Buffer.byteLength(String(a))), 0);
  const grown = new Set(payload.aggregates.slice(0, shape.growthPerScrape).map((a) => a.key));
  const result: HotPathResult = {
    payload_bytes: Buffer.byteLength(bodies[0]),
    parse_ms: round(parse, 2),
    normalize_ms: round(normalize, 2),
    normalize_before_ms: before === undefined ? undefined : round(before, 2),
    merge_bytes_all_samples: bytes(args(new Set(all.map((a) => a.key)))),
    merge_bytes_counts_only: bytes(args(new Set())),
    merge_bytes_grown_keys: bytes(args(grown)),
  };
  log(
    `hot path: parse ${result.parse_ms} ms, normalize ${result.normalize_ms} ms (before: ${result.normalize_before_ms ?? '–'} ms) per ${round(result.payload_bytes / 1024, 0)} KB payload; merge sends ${result.merge_bytes_all_samples} B with every sample, ${result.merge_bytes_counts_only} + ${result.merge_bytes_grown_keys} B withheld`,
  );
  return result;
}
