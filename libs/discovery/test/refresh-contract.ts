import type { TargetGroup } from '../src/target-group';
import type { MechanismRun } from './run-mechanism';
import { waitFor } from './wait-for';

export const addresses = (groups: TargetGroup[]) => groups.flatMap((g) => g.targets.map((t) => t.__address__)).sort();

/**
 * The contract every refreshing mechanism keeps (run with a short refresh_interval): while the
 * provider fails, errors are reported and nothing is sent, so the last targets stay; once it
 * answers again, the next refresh sends the changed targets.
 */
export async function expectFailureKeepsTargetsThenRefresh(run: MechanismRun, fake: { failing: boolean }, change: () => void, expected: string[]): Promise<void> {
  const sent = run.history.length;
  const before = addresses(run.latest());
  fake.failing = true;
  const errorsBefore = run.errors.length;
  await waitFor(() => run.errors.length >= errorsBefore + 2);
  expect(run.history.length).toBe(sent);
  expect(addresses(run.latest())).toEqual(before);
  change();
  fake.failing = false;
  await waitFor(() => JSON.stringify(addresses(run.latest())) === JSON.stringify([...expected].sort()));
}
