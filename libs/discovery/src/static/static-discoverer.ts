import type { Discoverer } from '../discoverer';
import type { Labels, TargetGroup } from '../target-group';

export interface StaticConfig {
  targets: string[];
  labels: Labels;
}

/** `static_configs`: fixed targets, emitted once. */
export class StaticDiscoverer implements Discoverer {
  constructor(
    private readonly config: StaticConfig,
    private readonly source: string,
  ) {}

  async start(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    onGroups([
      {
        source: this.source,
        targets: this.config.targets.map((address) => ({ __address__: address })),
        labels: { ...this.config.labels },
      },
    ]);
  }

  async stop(): Promise<void> {}
}
