import { ConfigError, describeProblem, loadConfigFile, PeriskopConfig } from '@periskop/config';
import { createServiceDiscovery, DiscoveryOptions } from '@periskop/discovery';
import { DiscoveryEnvironment, discoveryEnvironment } from '@periskop/platform';
import type { CommandResult } from './check-config';
import { formatCheckFailure, formatServiceReport, ServiceReport } from './format';

/**
 * `discover <file>`: runs every service's discovery once (each mechanism's first attempt),
 * prints the targets before and after relabeling, and stops. DNS lookups go to
 * PERISKOP_DNS_SERVERS when set, as in the scheduler; PERISKOP_SD_VENDOR_ENDPOINTS
 * (`hetzner=http://127.0.0.1:4000,…`) points fixed-host mechanisms at a test server.
 */
export async function discover(file: string, environment: DiscoveryEnvironment = discoveryEnvironment()): Promise<CommandResult> {
  let config: PeriskopConfig;
  try {
    config = loadConfigFile(file);
  } catch (err) {
    const problems = err instanceof ConfigError ? err.problems.map(describeProblem) : [(err as Error).message];
    return { exitCode: 1, output: formatCheckFailure(file, problems) };
  }
  const options: DiscoveryOptions = { ...environment };
  const reports = await Promise.all(config.services.map((service) => discoverService(service, options)));
  const failed = reports.some((r) => r.errors.length > 0);
  return { exitCode: failed ? 1 : 0, output: reports.map(formatServiceReport).join('\n\n'), stream: 'stdout' };
}

async function discoverService(service: PeriskopConfig['services'][number], options: DiscoveryOptions): Promise<ServiceReport> {
  const errors: string[] = [];
  const discovery = createServiceDiscovery(
    { service: service.name, sd: service.sd, relabelConfigs: service.relabelConfigs, endpoint: service.scraper.endpoint },
    { ...options, onError: (mechanism, error) => errors.push(`${mechanism}: ${error.message}`) },
  );
  try {
    await discovery.start();
    return { service: service.name, active: discovery.targets(), dropped: discovery.droppedTargets(), errors };
  } finally {
    await discovery.stop();
  }
}
