import { ConfigPathError, parseDuration } from '@periskop/common';

/**
 * Strict reading of one YAML mapping, as Prometheus's UnmarshalStrict: an unknown key is an
 * error naming the key; every value is type-checked and errors carry the key's path.
 */
export class ConfigReader {
  private constructor(
    readonly raw: Record<string, unknown>,
    private readonly typeName: string,
  ) {}

  static of(raw: unknown, typeName: string, allowed: readonly string[]): ConfigReader {
    if (raw === null || raw === undefined) raw = {};
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigPathError([], `${typeName} must be a mapping`);
    for (const key of Object.keys(raw)) {
      if (!allowed.includes(key)) throw new ConfigPathError([key], `field ${key} not found in type ${typeName}`);
    }
    return new ConfigReader(raw as Record<string, unknown>, typeName);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  string(key: string, fallback = ''): string {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    // A YAML scalar read into a Go string keeps its text (port: 80 → "80").
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new ConfigPathError([key], `${key} must be a string`);
  }

  stringList(key: string): string[] {
    const value = this.raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new ConfigPathError([key], `${key} must be a list of strings`);
    return value.map((item, i) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' || typeof item === 'boolean') return String(item);
      throw new ConfigPathError([key, i], 'must be a string');
    });
  }

  stringMap(key: string): Record<string, string> {
    const value = this.raw[key];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigPathError([key], `${key} must be a mapping of strings`);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new ConfigPathError([key, k], 'must be a string');
      out[k] = String(v);
    }
    return out;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw new ConfigPathError([key], `${key} must be true or false`);
    return value;
  }

  int(key: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigPathError([key], `${key} must be an integer between ${min} and ${max}`);
    }
    return value;
  }

  /** A Prometheus duration (`30s`, `1m30s`) in milliseconds. */
  duration(key: string, fallbackMs: number): number {
    if (!this.has(key)) return fallbackMs;
    const text = this.string(key);
    try {
      return parseDuration(text);
    } catch (err) {
      throw new ConfigPathError([key], (err as Error).message);
    }
  }

  /** A nested mapping read with its own allowed keys; errors get this key as prefix. */
  nested<T>(key: string, typeName: string, allowed: readonly string[], read: (r: ConfigReader) => T): T {
    return withPrefix([key], () => read(ConfigReader.of(this.raw[key], typeName, allowed)));
  }

  /** A list of mappings, each read with its own allowed keys; errors get `key[i]` as prefix. */
  list<T>(key: string, read: (item: unknown, index: number) => T): T[] {
    const value = this.raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new ConfigPathError([key], `${key} must be a list`);
    return value.map((item, i) => withPrefix([key, i], () => read(item, i)));
  }

  get name(): string {
    return this.typeName;
  }
}

/** Runs `fn`, moving any error it throws below `prefix` in the document. */
export function withPrefix<T>(prefix: Array<string | number>, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigPathError) throw err.under(prefix);
    throw new ConfigPathError(prefix, (err as Error).message);
  }
}
