import { fnv1a32Hex } from './fnv1a.js';

/** periskop-go hashes the message with this many leading stack trace lines. */
export const KEY_STACK_LINES = 4;

/**
 * `<class>@<hash>` exactly as periskop-go computes it: FNV-1a (32 bit) of the message followed
 * by the first four stack trace lines joined without separator, in unpadded hex. The same error
 * thrown from the same place therefore gets the same key in every process and every language
 * runtime that follows the algorithm.
 */
export function aggregationKey(errorClass: string, message: string, stacktrace: readonly string[] | null): string {
  const head = (stacktrace ?? []).slice(0, KEY_STACK_LINES).join('');
  return `${errorClass}@${fnv1a32Hex(message + head)}`;
}
