import { randomUUID } from 'node:crypto';
import type { WireAggregate, WireOccurrence, WirePayload } from '@periskop/wire';
import type { ErrorTemplate } from './error-templates';

const SAMPLES_PER_KEY = 10;

/** How an instance writes timestamps, like the official clients do (see README, wire tolerance). */
export type TimestampStyle = 'go' | 'python' | 'scala-offset' | 'ruby';

/**
 * One simulated service instance: a client library's in-memory state (count per key, the latest
 * 10 occurrences, oldest first) that grows as errors "happen".
 */
export class DemoInstance {
  readonly targetUuid = randomUUID();
  private readonly aggregates = new Map<string, { aggregate: WireAggregate; samples: WireOccurrence[] }>();

  constructor(
    private readonly templates: ErrorTemplate[],
    private readonly style: TimestampStyle,
    private readonly random: () => number = Math.random,
  ) {}

  /** Records `n` occurrences picked by the templates' weights. */
  occur(n: number, now = new Date()): void {
    const total = this.templates.reduce((sum, t) => sum + t.weight, 0);
    for (let i = 0; i < n; i++) {
      let pick = this.random() * total;
      const template = this.templates.find((t) => (pick -= t.weight) < 0) ?? this.templates[0];
      this.record(template, now);
    }
  }

  export(): WirePayload {
    return {
      target_uuid: this.targetUuid,
      aggregated_errors: [...this.aggregates.values()].map(({ aggregate, samples }) => ({ ...aggregate, latest_errors: [...samples] })),
    };
  }

  private record(template: ErrorTemplate, now: Date): void {
    let entry = this.aggregates.get(template.key);
    if (!entry) {
      entry = {
        aggregate: { aggregation_key: template.key, total_count: 0, severity: template.severity, created_at: this.timestamp(now), latest_errors: [] },
        samples: [],
      };
      this.aggregates.set(template.key, entry);
    }
    entry.aggregate.total_count += 1;
    entry.samples.push({
      error: template.error,
      uuid: randomUUID(),
      timestamp: this.timestamp(now),
      severity: template.severity,
      http_context: template.http ?? null,
    });
    if (entry.samples.length > SAMPLES_PER_KEY) entry.samples.shift();
  }

  private timestamp(at: Date): string {
    const iso = at.toISOString();
    switch (this.style) {
      case 'go':
        return iso.replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(Math.floor(this.random() * 1e6)).padStart(6, '0')}Z`);
      case 'python':
        return iso;
      case 'scala-offset': {
        const local = new Date(at.getTime() + 2 * 3_600_000).toISOString();
        return local.replace('Z', '+02:00');
      }
      case 'ruby':
        return iso.replace(/\.\d{3}Z$/, 'Z');
    }
  }
}
