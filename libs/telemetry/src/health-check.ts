import { ServiceUnavailableException } from '@nestjs/common';

export const HEALTH_CHECK = Symbol('HEALTH_CHECK');

export interface HealthCheck {
  check(): Promise<{ status: string; checks: Record<string, string> }>;
  /** Each probe's result (`up` or `down: reason`), never throwing: for metrics. */
  probe(): Promise<Record<string, string>>;
}

/** Readiness from named probes; any failing (or silent) probe answers 503 with what failed. */
export class ProbeHealthCheck implements HealthCheck {
  constructor(
    private readonly probes: Record<string, () => Promise<unknown>>,
    /** A dependency that does not answer in time is down: a load balancer must not wait on it. */
    private readonly timeoutMs = 2000,
  ) {}

  async check(): Promise<{ status: string; checks: Record<string, string> }> {
    const checks = await this.probe();
    if (Object.values(checks).some((result) => result !== 'up')) throw new ServiceUnavailableException({ status: 'down', checks });
    return { status: 'up', checks };
  }

  async probe(): Promise<Record<string, string>> {
    const checks: Record<string, string> = {};
    for (const [name, probe] of Object.entries(this.probes)) {
      try {
        await withTimeout(probe(), this.timeoutMs);
        checks[name] = 'up';
      } catch (err) {
        checks[name] = `down: ${(err as Error).message}`;
      }
    }
    return checks;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
