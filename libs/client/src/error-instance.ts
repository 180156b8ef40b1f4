import type { ErrorInstance } from './types.js';

/** Deeper `cause` chains are cut: a cycle or a runaway chain must not blow up a report. */
export const MAX_CAUSE_DEPTH = 16;

/**
 * Turns anything thrown into the wire's error shape: the class (the constructor's name, as
 * periskop-go uses the Go type), the message, the V8 stack frames (`at fn (file:line:col)`) and
 * the `cause` chain — `Error.cause`, and for an `AggregateError` its `errors`, in order, each
 * followed by its own causes.
 *
 * @param reportSite frames of the `report` call, used when the value has no stack of its own
 *   (a thrown string or plain object), as periskop-ruby uses the caller's backtrace.
 */
export function toErrorInstance(value: unknown, reportSite: string[] = []): ErrorInstance {
  const chain = value === undefined || value === null ? [value] : flatten(value);
  let cause: ErrorInstance | null = null;
  for (let i = chain.length - 1; i >= 0; i--) {
    cause = { ...describe(chain[i], i === 0 ? reportSite : []), cause };
  }
  return cause!;
}

/** The value followed by its causes, depth first, each value once, at most MAX_CAUSE_DEPTH. */
function flatten(root: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (out.length >= MAX_CAUSE_DEPTH || value === undefined || value === null) return;
    if (typeof value === 'object') {
      if (seen.has(value)) return;
      seen.add(value);
    }
    out.push(value);
    if (!(value instanceof Error)) return;
    visit((value as Error & { cause?: unknown }).cause);
    if (value instanceof AggregateError && Array.isArray(value.errors)) value.errors.forEach(visit);
  };
  visit(root);
  return out;
}

function describe(value: unknown, reportSite: string[]): Omit<ErrorInstance, 'cause'> {
  if (value instanceof Error) {
    return { class: className(value), message: String(value.message ?? ''), stacktrace: stackLines(value.stack) };
  }
  if (typeof value === 'object' && value !== null) {
    const message = (value as { message?: unknown }).message;
    return {
      class: value.constructor?.name || 'Object',
      message: typeof message === 'string' ? message : safeJson(value),
      stacktrace: reportSite,
    };
  }
  return { class: value === null ? 'null' : typeof value, message: String(value), stacktrace: reportSite };
}

/** `class DbError extends Error {}` keeps `name === 'Error'`; its constructor says what it is. */
function className(error: Error): string {
  const ctor = error.constructor?.name;
  if (ctor && ctor !== 'Object' && ctor !== 'Error') return ctor;
  return error.name || ctor || 'Error';
}

/** The frames of a V8 stack (`    at fn (file:1:2)`), without the `Class: message` header. */
export function stackLines(stack: string | undefined): string[] {
  if (!stack) return [];
  return stack
    .split('\n')
    .filter((line) => /^\s+at\s/.test(line))
    .map((line) => line.trim());
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
