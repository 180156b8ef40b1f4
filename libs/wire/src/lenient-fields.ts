/**
 * Field access that tolerates what real clients send: Go's decoder matches keys
 * case-insensitively (`Aggregation_Key`), Scala 0.2.x wrote `createdAt`.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CAMEL_TO_SNAKE = /[A-Z]/g;

function canonical(name: string): string {
  return name.replace(CAMEL_TO_SNAKE, (c) => `_${c.toLowerCase()}`).toLowerCase();
}

/** Reads `name` (snake_case), falling back to a case-insensitive or camelCase spelling. */
export function field(obj: JsonObject, name: string): unknown {
  const direct = obj[name];
  if (direct !== undefined) return direct;
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === name || canonical(key) === name) return obj[key];
  }
  return undefined;
}

/** A string, or a number/boolean written as one; anything else is `fallback`. */
export function asText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}
