import { createHash } from 'node:crypto';
import type { InstanceCount, TargetView } from '@periskop/wire';

/**
 * What a non-admin sees of a target. A `target_uuid` is all a client sends to be taken for an
 * instance, and labels (discovered ones above all) can carry internal names and metadata.
 */
export function forViewer(target: TargetView): TargetView {
  return { ...target, labels: {}, discovered_labels: {}, health: { ...target.health, target_uuid: null } };
}

/** Instances keep apart (a stable short digest) without showing the uuid itself. */
export function maskInstance(instance: InstanceCount): InstanceCount {
  return { ...instance, target: `instance ${createHash('sha256').update(instance.target).digest('hex').slice(0, 10)}` };
}
