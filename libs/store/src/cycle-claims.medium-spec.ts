import Redis from 'ioredis';
import { testRedisUrl, uniqueName } from '@periskop/test-harness';
import { CycleClaims } from './cycle-claims';

describe('CycleClaims (claim-cycle-1.lua)', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it('gives each cycle of a service to exactly one of many schedulers', async () => {
    const service = uniqueName('claims');
    const schedulers = ['a', 'b', 'c'].map((id) => new CycleClaims(redis, id));
    for (const cycle of [100, 101, 102]) {
      const wins = await Promise.all(schedulers.map((s) => s.claim(service, cycle, 1000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
  });

  it('refuses an older cycle once a newer one is claimed, and keeps services apart', async () => {
    const [one, two] = [uniqueName('claims'), uniqueName('claims')];
    const claims = new CycleClaims(redis, 'x');
    expect(await claims.claim(one, 7, 1000)).toBe(true);
    expect(await claims.claim(one, 6, 1000)).toBe(false);
    expect(await claims.claim(two, 6, 1000)).toBe(true);
    expect(await redis.pttl(`periskop:{${one}}:cycle`)).toBeGreaterThan(0);
  });
});
