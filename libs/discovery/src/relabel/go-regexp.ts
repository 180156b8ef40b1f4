import { RE2JS } from 're2js';
import type { SubmatchResult } from './go-expand';

/**
 * A relabel regex with Prometheus's semantics: RE2 syntax (no look-around, no back-references),
 * compiled as `^(?s:R)$` so it is fully anchored and `.` matches a newline. JS RegExp is never
 * used for user patterns because it accepts syntax Go rejects and differs in what it matches.
 */
export class GoRegexp {
  private readonly compiled: RE2JS;

  /** `source` is the regex as configured, without the anchoring. */
  constructor(readonly source: string) {
    try {
      this.compiled = RE2JS.compile(`^(?s:${source})$`);
    } catch (err) {
      // re2js reports the same "error parsing regexp: <reason>: `<expr>`" text as Go.
      throw new Error((err as Error).message);
    }
  }

  matchString(text: string): boolean {
    return this.compiled.matcher(text).find();
  }

  /** Go's FindStringSubmatch: the groups of the first match, or null without a match. */
  findSubmatch(text: string): SubmatchResult | null {
    const m = this.compiled.matcher(text);
    if (!m.find()) return null;
    const groups: Array<string | null> = [];
    for (let i = 0; i <= this.compiled.groupCount(); i++) groups.push(m.group(i));
    return { groups, names: this.compiled.namedGroups() };
  }

  toString(): string {
    return this.source;
  }

  toJSON(): string {
    return this.source;
  }
}
