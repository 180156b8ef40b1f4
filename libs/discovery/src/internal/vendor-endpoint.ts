import type { DiscoveryOptions } from '../discoverer';

/**
 * Parses `name=url,name=url` (e.g. `hetzner=http://127.0.0.1:4000`) into
 * `DiscoveryOptions.vendorEndpoints`. It exists for tests: Prometheus has no way to point
 * fixed-host mechanisms elsewhere, and neither should a production config.
 */
export function parseVendorEndpoints(text: string | undefined): Record<string, string> | undefined {
  if (!text?.trim()) return undefined;
  const out: Record<string, string> = {};
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`vendor endpoint ${JSON.stringify(item.trim())} must be name=url`);
    out[item.slice(0, eq).trim()] = item
      .slice(eq + 1)
      .trim()
      .replace(/\/$/, '');
  }
  return out;
}

/** The base URL for a fixed-host mechanism: the test override when one is set, else the vendor's. */
export function vendorEndpoint(options: DiscoveryOptions, mechanism: string, fallback: string): string {
  return options.vendorEndpoints?.[mechanism] ?? fallback;
}
