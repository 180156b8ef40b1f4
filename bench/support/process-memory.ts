import { readFileSync } from 'node:fs';

/** A process's resident set size and its peak so far (VmRSS, VmHWM of /proc/<pid>/status), in bytes; NaN where unavailable. */
export function processRss(pid: number | undefined): { rss: number; peak: number } {
  if (!pid) return { rss: NaN, peak: NaN };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/**
 * Peak RSS per named process while a scenario runs. Redis (and the fleet) live longer than one
 * scenario, so their VmHWM would include earlier ones: their RSS is sampled every `everyMs`
 * instead. Processes started for the scenario (`sinceStart`) also report VmHWM, which catches a
 * peak between two samples.
 */
export class RssMeter {
  private readonly peaks = new Map<string, number>();
  private readonly sinceStart = new Set<string>();
  private readonly pids = new Map<string, number | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private total = 0;

  /** `outside`: processes listed but not counted in the total (the fleet is not part of the system). */
  constructor(
    private readonly outside: ReadonlySet<string> = new Set(),
    private readonly everyMs = 100,
  ) {}

  /** The largest sum of the RSS of the processes alive together, `outside` left out (bytes). */
  get peakTotal(): number {
    return this.total;
  }

  /** `startedHere`: the process was started for this scenario, so its own peak (VmHWM) counts. */
  watch(name: string, pid: number | undefined, startedHere: boolean): void {
    this.pids.set(name, pid);
    if (startedHere) this.sinceStart.add(name);
    this.sample();
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
  }

  /** Takes a last sample (processes that already exited keep their last peak). */
  stop(): Record<string, number> {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    return Object.fromEntries(this.peaks);
  }

  /** Call before a watched process is stopped: its VmHWM is gone once it exits. */
  sample(): void {
    let total = 0;
    for (const [name, pid] of this.pids) {
      const { rss, peak } = processRss(pid);
      const seen = this.sinceStart.has(name) ? Math.max(rss, peak) : rss;
      if (Number.isFinite(seen)) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, seen));
      if (Number.isFinite(rss) && !this.outside.has(name)) total += rss;
    }
    this.total = Math.max(this.total, total);
  }
}
