import { ErrorDetail } from '@periskop/wire/payload';

/** Deep enough for any real chain; stops a malformed self-referencing payload. */
const MAX_DEPTH = 32;

/** The causes of an error, outermost first (the error itself excluded). */
export function causeChain(error: ErrorDetail | null | undefined): ErrorDetail[] {
  const chain: ErrorDetail[] = [];
  let cause = error?.cause ?? null;
  while (cause && chain.length < MAX_DEPTH) {
    chain.push(cause);
    cause = cause.cause ?? null;
  }
  return chain;
}
