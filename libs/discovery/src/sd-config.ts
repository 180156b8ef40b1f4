import { ConfigPathError } from '@periskop/common';
import type { SdParseContext, ServiceDiscoveryConfig } from './discoverer';
import { mechanismFor } from './install';

/**
 * Picks the SD blocks out of one service's YAML object and validates them. Errors carry the
 * path below the service (e.g. `dns_sd_configs[0].port`).
 */
export function parseServiceDiscovery(rawService: Record<string, unknown>, ctx: SdParseContext): ServiceDiscoveryConfig {
  const out: ServiceDiscoveryConfig = [];
  for (const [key, value] of Object.entries(rawService)) {
    const mechanism = mechanismFor(key);
    if (!mechanism) continue;
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) throw new ConfigPathError([key], 'must be a list');
    const configs = value.map((entry, i) => {
      try {
        return mechanism.parse(entry, ctx);
      } catch (err) {
        if (err instanceof ConfigPathError) throw err.under([key, i]);
        throw new ConfigPathError([key, i], (err as Error).message);
      }
    });
    out.push({ key, configs });
  }
  return out;
}
