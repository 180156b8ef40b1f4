/**
 * The counter identity each target's health last named, as this process last heard it (see
 * touch-target-n.lua): the unchanged-body check declares that identity's counts key up front, so
 * one script call both checks and refreshes. Only a hint: the script compares it with the stored
 * identity and answers the right one when it differs (a restarted client, a target this process
 * has not checked yet), so a missing or outdated entry costs a second call, never a wrong write.
 * Bounded: past `capacity` entries the oldest is forgotten.
 */
export class TargetIdHints {
  private readonly ids = new Map<string, string>();

  constructor(private readonly capacity = 100_000) {}

  get(service: string, address: string): string | undefined {
    return this.ids.get(hintKey(service, address));
  }

  remember(service: string, address: string, targetId: string): void {
    const key = hintKey(service, address);
    if (this.ids.get(key) === targetId) return;
    this.ids.delete(key);
    this.ids.set(key, targetId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.keys().next().value as string);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** Service names and addresses hold no newline. */
const hintKey = (service: string, address: string) => `${service}\n${address}`;
