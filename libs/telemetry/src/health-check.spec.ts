import { ServiceUnavailableException } from '@nestjs/common';
import { ProbeHealthCheck } from './health-check';

describe('ProbeHealthCheck', () => {
  it('is up when every probe answers', async () => {
    await expect(new ProbeHealthCheck({ redis: async () => 'OK' }).check()).resolves.toEqual({ status: 'up', checks: { redis: 'up' } });
  });

  it('answers 503 naming the probe that failed and why', async () => {
    const check = new ProbeHealthCheck({ redis: async () => Promise.reject(new Error("OOM command not allowed when used memory > 'maxmemory'.")) });
    const err = await check.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableException);
    expect((err as ServiceUnavailableException).getResponse()).toEqual({ status: 'down', checks: { redis: "down: OOM command not allowed when used memory > 'maxmemory'." } });
  });

  it('counts a probe that does not answer in time as down, rather than hanging the load balancer', async () => {
    const check = new ProbeHealthCheck({ redis: () => new Promise(() => undefined) }, 50);
    const err = await check.check().catch((e: unknown) => e);
    expect((err as ServiceUnavailableException).getResponse()).toEqual({ status: 'down', checks: { redis: 'down: no answer within 50 ms' } });
  });
});
