import Redis from 'ioredis';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { SERVICE_REGISTRY_KEY, SERVICES_KEY } from './keys';
import { ServiceRegistry } from './service-registry';

/**
 * The registry keys are shared by every test file on this Redis, so each test looks only at its
 * own service names.
 */
describe('ServiceRegistry (register-services-2.lua, list-services-2.lua)', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const mine = (names: string[], of: string[]) => names.filter((n) => of.includes(n));

  it('shares a Cluster slot with the older services set, so one script can move it', () => {
    expect(SERVICE_REGISTRY_KEY).toBe('periskop:{periskop:services}:registry');
    expect(SERVICES_KEY).toBe('periskop:services');
  });

  it('lists services configured within the retention, on Redis time, and drops the others after it', async () => {
    const [kept, removed] = [uniqueName('reg-a'), uniqueName('reg-b')];
    const registry = new ServiceRegistry(redis, 1500);
    await registry.register([kept, removed]);
    expect(mine(await registry.list(), [kept, removed])).toEqual([kept, removed].sort());
    expect(await registry.has(removed)).toBe(true);

    // The config loses `removed`; a scheduler keeps registering `kept` every cycle.
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      await registry.register([kept]);
    }
    expect(mine(await registry.list(), [kept, removed])).toEqual([kept]);
    expect(await registry.has(removed)).toBe(false);
    // ... and the next registration forgets it in Redis too.
    expect(await redis.zscore(SERVICE_REGISTRY_KEY, removed)).toBeNull();
    // The score is Redis's time.
    const [seconds] = await redis.time();
    expect(Math.abs(Number(await redis.zscore(SERVICE_REGISTRY_KEY, kept)) - Number(seconds) * 1000)).toBeLessThan(5000);
  });

  it('lists names of the older set at once and moves them into the registry, where they age out', async () => {
    const [legacy, configured] = [uniqueName('reg-old'), uniqueName('reg-new')];
    await redis.sadd(SERVICES_KEY, legacy);
    const registry = new ServiceRegistry(redis, 1000);
    expect(mine(await registry.list(), [legacy, configured])).toEqual([legacy]);

    await registry.register([configured]);
    expect(await redis.sismember(SERVICES_KEY, legacy)).toBe(0);
    expect(await redis.zscore(SERVICE_REGISTRY_KEY, legacy)).not.toBeNull();
    expect(mine(await registry.list(), [legacy, configured])).toEqual([legacy, configured].sort());

    await sleep(1200);
    await registry.register([configured]);
    expect(mine(await registry.list(), [legacy, configured])).toEqual([configured]);
  });
});
