import perfHooks from 'node:perf_hooks';
import { EVENT_LOOP_METRICS, EVENT_LOOP_SAMPLE_MS } from './event-loop-delay';
import { PeriskopMetrics } from './metrics';

/** A series' value in a Prometheus exposition (the app's default label included). */
function valueOf(exposition: string, name: string): number {
  const line = new RegExp(`^${name}\\{app="scraper"\\} (\\S+)$`, 'm').exec(exposition);
  if (!line) throw new Error(`${name} is not in the exposition:\n${exposition}`);
  return Number(line[1]);
}

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a synchronous stall, as a long parse would be
  }
}

describe("Node's event-loop metrics", () => {
  afterEach(() => jest.restoreAllMocks());

  it(`sample the loop every ${EVENT_LOOP_SAMPLE_MS} ms: no monitor wakes the app more often`, () => {
    const monitors = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    new PeriskopMetrics('scraper');
    const resolutions = monitors.mock.calls.map(([options]) => options?.resolution ?? 10); // Node's default is 10 ms
    expect(resolutions).toContain(EVENT_LOOP_SAMPLE_MS);
    expect(Math.min(...resolutions)).toBe(EVENT_LOOP_SAMPLE_MS);
  });

  it("keep prom-client's names, each once, beside the other process metrics", async () => {
    const text = await new PeriskopMetrics('scraper').registry.metrics();
    for (const name of Object.values(EVENT_LOOP_METRICS)) expect(text.match(new RegExp(`^# TYPE ${name} gauge$`, 'gm'))).toHaveLength(1);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'nodejs_version_info']) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
  });

  it('report a stall longer than the sampling interval, in seconds', async () => {
    const metrics = new PeriskopMetrics('scraper');
    await metrics.registry.metrics(); // a reading of the loop so far
    await new Promise((resolve) => setTimeout(resolve, EVENT_LOOP_SAMPLE_MS * 2));
    blockFor(EVENT_LOOP_SAMPLE_MS * 3); // a sample falls due within the first interval of the stall and waits for its end
    await new Promise((resolve) => setTimeout(resolve, EVENT_LOOP_SAMPLE_MS * 2));
    const stalled = await metrics.registry.metrics();
    expect(valueOf(stalled, EVENT_LOOP_METRICS.max)).toBeGreaterThanOrEqual((EVENT_LOOP_SAMPLE_MS * 2) / 1000);
    expect(valueOf(stalled, EVENT_LOOP_METRICS.min)).toBeLessThanOrEqual(valueOf(stalled, EVENT_LOOP_METRICS.p50));
    expect(valueOf(stalled, EVENT_LOOP_METRICS.lag)).toBeGreaterThan(0);
  });
});
