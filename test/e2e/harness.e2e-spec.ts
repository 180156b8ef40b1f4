import { existsSync } from 'node:fs';
import { PeriskopSystem, testRedisUrl } from '@periskop/test-harness';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The harness the e2e tests, the browser tests and the bench start the built apps with. */
describe('PeriskopSystem', () => {
  it('starts the pipeline on one configuration, each app healthy, and stops all of it', async () => {
    const system = await PeriskopSystem.start({ config: 'services: []\n', redisUrl: testRedisUrl() });
    const pids = system.apps.map((app) => app.pid!);
    try {
      expect(system.apps.map((app) => app.name)).toEqual(['api', 'scraper', 'scheduler']);
      expect((await fetch(`${system.api.url}/-/health`)).ok).toBe(true);
      expect(() => system.app('pushgateway')).toThrow('this system runs no pushgateway (it runs api, scraper, scheduler)');
    } finally {
      await system.stop();
    }
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(system.dir)).toBe(false);
  }, 120_000);

  it("fails with the app's own words when the configuration is bad", async () => {
    await expect(PeriskopSystem.start({ config: 'services: 42\n', redisUrl: testRedisUrl(), apps: ['api'] })).rejects.toThrow(/api exited with \d+:[\s\S]*services/);
  }, 120_000);
});
