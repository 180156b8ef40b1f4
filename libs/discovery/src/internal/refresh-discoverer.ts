import type { Discoverer } from '../discoverer';
import type { TargetGroup } from '../target-group';

export interface RefreshOptions {
  mechanism: string;
  intervalMs: number;
  /** One refresh; `signal` aborts it on stop. A throw keeps the previous targets. */
  refresh: (signal: AbortSignal) => Promise<TargetGroup[]>;
  onError?: (mechanism: string, error: Error) => void;
}

/**
 * A mechanism that polls (DNS, HTTP): refresh now, then every interval. A failed refresh sends
 * nothing, so the last good targets stay, and the failure goes to `onError`.
 */
export class RefreshDiscoverer implements Discoverer {
  private timer: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly options: RefreshOptions) {}

  async start(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    await this.refreshOnce(onGroups);
    this.schedule(onGroups);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
  }

  private schedule(onGroups: (groups: TargetGroup[]) => void): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.refreshOnce(onGroups);
      this.schedule(onGroups);
    }, this.options.intervalMs);
    // Discovery alone must not keep a process (the CLI, a test) alive.
    this.timer.unref();
  }

  private async refreshOnce(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    try {
      const groups = await this.options.refresh(this.abort.signal);
      if (!this.stopped && groups.length > 0) onGroups(groups);
    } catch (err) {
      if (!this.stopped) this.options.onError?.(this.options.mechanism, err as Error);
    }
  }
}
