import type { TargetGroup } from './target-group';

/**
 * One SD mechanism instance (one entry of a `*_sd_configs` list). It emits complete sets of
 * target groups; on a failed refresh it emits nothing, so the last good targets stay.
 */
export interface Discoverer {
  /** Starts discovering; `onGroups` gets every update. Resolves after the first attempt. */
  start(onGroups: (groups: TargetGroup[]) => void): Promise<void>;
  stop(): Promise<void>;
}
