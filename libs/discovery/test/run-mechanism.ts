import type { DiscoveryOptions, SdMechanism } from '../src/discoverer';
import type { TargetGroup } from '../src/target-group';

export interface MechanismRun {
  history: TargetGroup[][];
  errors: Error[];
  latest(): TargetGroup[];
  stop(): Promise<void>;
}

/** Parses `raw` as the mechanism's config entry, starts it, and records what it sends and reports. */
export async function runMechanism(mechanism: SdMechanism, raw: unknown, options: DiscoveryOptions = {}): Promise<MechanismRun> {
  const history: TargetGroup[][] = [];
  const errors: Error[] = [];
  const config = mechanism.parse(raw, { baseDir: '/' });
  const discoverer = mechanism.create(config, { service: 'svc', index: 0, options: { ...options, onError: (_m, e) => errors.push(e) } });
  await discoverer.start((groups) => history.push(groups));
  return { history, errors, latest: () => history[history.length - 1] ?? [], stop: () => discoverer.stop() };
}
