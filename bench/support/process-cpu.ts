import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc; NaN where unavailable. */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return NaN;
  }
}

/** CPU used by named groups of processes between `start()` and `stop()`. */
export class CpuMeter {
  private readonly before = new Map<string, number>();

  constructor(private readonly groups: Record<string, Array<number | undefined>>) {}

  start(): void {
    for (const [name, pids] of Object.entries(this.groups)) this.before.set(name, sum(pids));
  }

  /** CPU seconds per group since start(). */
  stop(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.groups)) out[name] = sum(pids) - (this.before.get(name) ?? 0);
    return out;
  }
}

function sum(pids: Array<number | undefined>): number {
  return pids.reduce<number>((total, pid) => total + processCpuSeconds(pid), 0);
}
