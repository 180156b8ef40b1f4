import { ServiceUnavailableException } from '@nestjs/common';

export const HEALTH_CHECK = Symbol('HEALTH_CHECK');

export interface HealthCheck {
  check(): Promise<{ status: string; checks: Record<string, string> }>;
}

/** Readiness from named probes; any failing probe answers 503 with what failed. */
export class ProbeHealthCheck implements HealthCheck {
  constructor(private readonly probes: Record<string, () => Promise<unknown>>) {}

  async check(): Promise<{ status: string; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    let ok = true;
    for (const [name, probe] of Object.entries(this.probes)) {
      try {
        await probe();
        checks[name] = 'up';
      } catch (err) {
        ok = false;
        checks[name] = `down: ${(err as Error).message}`;
      }
    }
    if (!ok) throw new ServiceUnavailableException({ status: 'down', checks });
    return { status: 'up', checks };
  }
}
