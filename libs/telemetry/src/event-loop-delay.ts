import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, Registry } from 'prom-client';

/**
 * How often the event loop is sampled. prom-client samples every 10 ms: a timer that wakes every
 * app 100 times a second, idle or not (≈ 13 ms of CPU per second per idle process on this
 * project's 2-core bench machine, most of an idle app's work). Every 100 ms keeps 150 samples per
 * 15 s Prometheus scrape; a stall longer than the interval is always caught, a shorter one in
 * proportion to its length.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** prom-client's event-loop series, kept under their names (README: "Node's process metrics"). */
export const EVENT_LOOP_METRICS = {
  lag: 'nodejs_eventloop_lag_seconds',
  min: 'nodejs_eventloop_lag_min_seconds',
  max: 'nodejs_eventloop_lag_max_seconds',
  mean: 'nodejs_eventloop_lag_mean_seconds',
  stddev: 'nodejs_eventloop_lag_stddev_seconds',
  p50: 'nodejs_eventloop_lag_p50_seconds',
  p90: 'nodejs_eventloop_lag_p90_seconds',
  p99: 'nodejs_eventloop_lag_p99_seconds',
} as const;

/**
 * A prom-client `eventLoopMonitoringPrecision` whose timer never fires in a process's life (the
 * default metrics have no switch to leave their event-loop monitor out; this one replaces it).
 */
export const DEFAULT_METRICS_LOOP_PRECISION_MS = 2 ** 31 - 1;

/**
 * The event-loop series of prom-client's default metrics, sampled every `sampleMs`, replacing
 * prom-client's (which the caller registered with `DEFAULT_METRICS_LOOP_PRECISION_MS`).
 *
 * Node's monitor records the time between two samples, the interval included; prom-client
 * reports that (≈ 0.010 s on an idle loop). These gauges report the delay past each sample's due
 * time, which no longer depends on the interval (≈ 0 on an idle loop). Each scrape reports the
 * samples since the previous one. `nodejs_eventloop_lag_seconds` is, as in prom-client, how late
 * a `setImmediate` queued during the scrape ran, now reported by the same scrape.
 */
export function registerEventLoopDelay(registry: Registry, sampleMs = EVENT_LOOP_SAMPLE_MS): void {
  for (const name of Object.values(EVENT_LOOP_METRICS)) registry.removeSingleMetric(name);
  const monitor = monitorEventLoopDelay({ resolution: sampleMs });
  monitor.enable();
  const intervalNs = sampleMs * 1e6;
  const pastDue = (ns: number) => Math.max(0, ns - intervalNs) / 1e9;

  // One reading per scrape, shared by the gauges a registry renders together, then a fresh start.
  let reading: Record<Exclude<keyof typeof EVENT_LOOP_METRICS, 'lag'>, number> | null = null;
  const read = () => {
    if (reading || monitor.count === 0) return reading; // no sample since the last scrape: the gauges keep their values
    reading = {
      min: pastDue(monitor.min),
      max: pastDue(monitor.max),
      mean: pastDue(monitor.mean),
      stddev: monitor.stddev / 1e9,
      p50: pastDue(monitor.percentile(50)),
      p90: pastDue(monitor.percentile(90)),
      p99: pastDue(monitor.percentile(99)),
    };
    monitor.reset();
    setImmediate(() => (reading = null));
    return reading;
  };
  const help = {
    min: 'The minimum recorded event loop delay.',
    max: 'The maximum recorded event loop delay.',
    mean: 'The mean of the recorded event loop delays.',
    stddev: 'The standard deviation of the recorded event loop delays.',
    p50: 'The 50th percentile of the recorded event loop delays.',
    p90: 'The 90th percentile of the recorded event loop delays.',
    p99: 'The 99th percentile of the recorded event loop delays.',
  };
  for (const [key, text] of Object.entries(help) as Array<[keyof typeof help, string]>) {
    new Gauge({
      name: EVENT_LOOP_METRICS[key],
      help: text,
      registers: [registry],
      collect() {
        const now = read();
        if (now) this.set(now[key]);
      },
    });
  }
  new Gauge({
    name: EVENT_LOOP_METRICS.lag,
    help: 'Lag of event loop in seconds.',
    registers: [registry],
    async collect() {
      const queued = process.hrtime.bigint();
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.set(Number(process.hrtime.bigint() - queued) / 1e9);
    },
  });
}
