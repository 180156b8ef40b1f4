import { compareCodePoints } from './go-strings';

/**
 * Prometheus's labels.Builder semantics, which decide relabeling results: setting a label to ""
 * deletes it, and Range visits the untouched original labels (sorted by name) followed by the
 * labels set so far in the order they were first set, as a snapshot taken when Range starts.
 */
export class LabelBuilder {
  private readonly base: Array<[string, string]>;
  private readonly baseMap: Map<string, string>;
  private readonly deleted = new Set<string>();
  private readonly added = new Map<string, string>();

  constructor(labels: Record<string, string>) {
    // An empty value is the same as an absent label.
    this.base = Object.entries(labels)
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => compareCodePoints(a, b));
    this.baseMap = new Map(this.base);
  }

  get(name: string): string {
    const added = this.added.get(name);
    if (added !== undefined) return added;
    if (this.deleted.has(name)) return '';
    return this.baseMap.get(name) ?? '';
  }

  set(name: string, value: string): void {
    if (value === '') return this.del(name);
    this.added.set(name, value);
  }

  del(name: string): void {
    this.added.delete(name);
    this.deleted.add(name);
  }

  range(visit: (name: string, value: string) => void): void {
    const added = [...this.added];
    const deleted = new Set(this.deleted);
    for (const [name, value] of this.base) {
      if (!deleted.has(name) && !this.addedIn(added, name)) visit(name, value);
    }
    for (const [name, value] of added) visit(name, value);
  }

  /** The resulting label set, sorted by name. */
  labels(): Record<string, string> {
    const all: Array<[string, string]> = [];
    this.range((name, value) => all.push([name, value]));
    all.sort(([a], [b]) => compareCodePoints(a, b));
    return Object.fromEntries(all);
  }

  private addedIn(added: Array<[string, string]>, name: string): boolean {
    return added.some(([n]) => n === name);
  }
}
