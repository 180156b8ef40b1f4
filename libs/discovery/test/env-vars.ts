/**
 * Remembers the named environment variables and puts them back (or removes them) afterwards,
 * without replacing `process.env` itself, which other tests in the same worker keep using.
 */
export function envSnapshot(names: readonly string[]): { restore(): void } {
  const saved = new Map(names.map((n) => [n, process.env[n]]));
  return {
    restore() {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}
