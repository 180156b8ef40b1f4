import type { ErrorCollector } from './error-collector.js';

export interface ProcessHookOptions {
  /** Report uncaught exceptions (default true). */
  uncaughtException?: boolean;
  /** Report unhandled promise rejections (default true). */
  unhandledRejection?: boolean;
  /**
   * Runs after reporting a fatal error and before the process exits — e.g. push to a gateway:
   * `flush: () => exporter.push(url)`. Bounded by `flushTimeoutMs` (default 3 s).
   */
  flush?: () => Promise<unknown>;
  flushTimeoutMs?: number;
  /**
   * Exit with code 1 after an uncaught exception / unhandled rejection, as Node does by default
   * (default true). Set false only for rejections you deliberately keep running through.
   */
  exitOnUncaughtException?: boolean;
  exitOnUnhandledRejection?: boolean;
}

/**
 * Opt-in: report `uncaughtException` and `unhandledRejection` to the collector, then behave as
 * Node does without listeners (print the error, exit 1) unless told otherwise.
 * @returns a function that removes the hooks.
 */
export function installProcessHooks(collector: ErrorCollector, options: ProcessHookOptions = {}): () => void {
  const fatal = (error: unknown, origin: string, exit: boolean) => {
    try {
      collector.report(error, { severity: 'error' });
    } catch {
      // reporting must never hide the original failure
    }
    process.stderr.write(`${origin}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    if (!exit) return;
    const flushed = options.flush ? withTimeout(options.flush(), options.flushTimeoutMs ?? 3_000) : Promise.resolve();
    void flushed.finally(() => process.exit(1));
  };
  const onException = (error: unknown) => fatal(error, 'uncaughtException', options.exitOnUncaughtException ?? true);
  const onRejection = (reason: unknown) => fatal(reason, 'unhandledRejection', options.exitOnUnhandledRejection ?? true);
  if (options.uncaughtException ?? true) process.on('uncaughtException', onException);
  if (options.unhandledRejection ?? true) process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}

function withTimeout(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
