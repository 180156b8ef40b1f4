import { SelfErrorCollector } from './self-error-collector';
import { PeriskopMetrics } from './metrics';
import { ProbeHealthCheck } from './health-check';
import { TelemetryController } from './telemetry.controller';

/** The figures the monitoring pack reads that are computed when /metrics is scraped. */
describe('metrics computed on scrape', () => {
  it('reports each readiness probe as periskop_dependency_up, 0 while it fails', async () => {
    let redisUp = true;
    const metrics = new PeriskopMetrics('api');
    const health = new ProbeHealthCheck({ redis: async () => (redisUp ? 'PONG' : Promise.reject(new Error('connect ECONNREFUSED'))) });
    const controller = new TelemetryController(metrics, new SelfErrorCollector(), health);
    expect(await controller.prometheus()).toMatch(/^periskop_dependency_up\{dependency="redis",app="api"\} 1$/m);
    redisUp = false;
    expect(await controller.prometheus()).toMatch(/^periskop_dependency_up\{dependency="redis",app="api"\} 0$/m);
    await expect(health.check()).rejects.toThrow();
    expect(await health.probe()).toEqual({ redis: 'down: connect ECONNREFUSED' });
  });

  it("exports the queue's job counts only in apps that hold the queue, and survives a failing read", async () => {
    const metrics = new PeriskopMetrics('scheduler');
    expect(await metrics.registry.metrics()).not.toMatch(/^periskop_scrape_queue_jobs\{/m);
    let read = async (): Promise<Record<string, number>> => ({ waiting: 0, prioritized: 12, active: 3 });
    metrics.reportQueue(() => read());
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^periskop_scrape_queue_jobs\{state="prioritized",app="scheduler"\} 12$/m);
    expect(text).toMatch(/^periskop_scrape_queue_jobs\{state="active",app="scheduler"\} 3$/m);
    read = async () => {
      throw new Error('Redis is down');
    };
    expect(await metrics.registry.metrics()).toMatch(/^# TYPE periskop_scrape_queue_jobs gauge$/m);
  });

  it("exports a scraper's bytes in flight, held and waiting, only where a budget reports them", async () => {
    const metrics = new PeriskopMetrics('scraper');
    expect(await metrics.registry.metrics()).not.toMatch(/^periskop_scrape_budget_bytes\{/m);
    metrics.reportBudget(() => ({ held: 4_000_000, waiting: 700_000 }));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^periskop_scrape_budget_bytes\{state="held",app="scraper"\} 4000000$/m);
    expect(text).toMatch(/^periskop_scrape_budget_bytes\{state="waiting",app="scraper"\} 700000$/m);
  });
});
