import { FleetShape, instanceChanges } from './fleet-shape';
import { InstanceView, PayloadTemplate } from './payload-template';

/**
 * The fleet's client-library state: a counter per instance and key. Each scrape of an instance
 * first records `growthPerScrape` new occurrences (errors keep happening between scrapes).
 * A restart gives every instance a new generation: a new target_uuid, counters from scratch.
 */
export class FleetState {
  readonly template: PayloadTemplate;
  private readonly counts: Int32Array;
  private readonly generations: Uint32Array;
  private readonly starts: Float64Array;
  private readonly scrapes: Uint32Array;

  constructor(
    readonly shape: FleetShape,
    salt: number,
    startMs = Date.now() - 3_600_000,
  ) {
    this.template = new PayloadTemplate(shape, salt);
    this.counts = new Int32Array(shape.instances * shape.keys);
    this.generations = new Uint32Array(shape.instances);
    this.starts = new Float64Array(shape.instances).fill(startMs);
    this.scrapes = new Uint32Array(shape.instances);
    for (let i = 0; i < shape.instances; i++) this.resetCounts(i);
  }

  /** Records the occurrences that happened since the last scrape of `i`. */
  grow(i: number): void {
    const { keys, growthPerScrape } = this.shape;
    if (!instanceChanges(this.shape, i)) return;
    const base = i * keys;
    const from = this.scrapes[i]++ * growthPerScrape;
    for (let t = 0; t < growthPerScrape; t++) this.counts[base + ((from + t) % keys)]++;
  }

  /** The body a scrape of `i` gets now, after growing. */
  scrape(i: number): Buffer {
    this.grow(i);
    return this.template.render(this.view(i));
  }

  view(i: number): InstanceView {
    const { keys } = this.shape;
    return { index: i, generation: this.generations[i], startMs: this.starts[i], counts: this.counts.subarray(i * keys, (i + 1) * keys) };
  }

  targetUuid(i: number): string {
    return this.template.targetUuid(i, this.generations[i]);
  }

  /** Every instance restarts: new target_uuid, counters from scratch, samples newer than before. */
  restartAll(nowMs = Date.now()): void {
    for (let i = 0; i < this.shape.instances; i++) {
      this.generations[i]++;
      this.starts[i] = nowMs;
      this.scrapes[i] = 0;
      this.resetCounts(i);
    }
  }

  private resetCounts(i: number): void {
    const { keys, samplesPerKey } = this.shape;
    for (let j = 0; j < keys; j++) this.counts[i * keys + j] = samplesPerKey + (j % 7);
  }
}
