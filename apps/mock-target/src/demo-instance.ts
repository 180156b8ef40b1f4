import { ErrorCollector, ErrorExporter } from '@periskop/client';
import { ErrorTemplate, happen } from './error-templates';

/**
 * One simulated instance of a service: a periskop-node collector whose errors keep happening,
 * served at `/<service>/errors` by the client's own handler.
 */
export class DemoInstance {
  readonly collector = new ErrorCollector();
  readonly exporter = new ErrorExporter(this.collector);

  constructor(
    private readonly templates: ErrorTemplate[],
    private readonly random: () => number = Math.random,
  ) {}

  get targetUuid(): string {
    return this.collector.targetUuid;
  }

  /** Records `n` occurrences picked by the templates' weights. */
  occur(n: number): void {
    const total = this.templates.reduce((sum, t) => sum + t.weight, 0);
    for (let i = 0; i < n; i++) {
      let pick = this.random() * total;
      this.failOnce(this.templates.find((t) => (pick -= t.weight) < 0) ?? this.templates[0]);
    }
  }

  /**
   * Errors are thrown a fixed number of calls below here (fail → happen → failOnce → occur), so
   * the four stack lines periskop-go's key hashes are the same whoever triggers them.
   */
  private failOnce(template: ErrorTemplate): void {
    happen(template, this.collector);
  }
}
