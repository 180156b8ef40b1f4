import type { ErrorCollector } from './error-collector.js';
import type { RequestLike } from './http-context.js';

/** The part of Nest's `ArgumentsHost` the filter reads (typed here: no Nest dependency). */
export interface ArgumentsHostLike {
  getType?(): string;
  switchToHttp(): { getRequest(): unknown };
}

/** Something with Nest's `ExceptionFilter.catch`, e.g. `new BaseExceptionFilter(httpAdapter)`. */
export interface ExceptionFilterLike {
  catch(exception: unknown, host: ArgumentsHostLike): unknown;
}

export interface NestFilterOptions {
  /** Answers the request after reporting; without one the exception is rethrown. */
  delegate?: ExceptionFilterLike;
  /** Which exceptions count (default: all but HTTP exceptions with a status below 500). */
  shouldReport?: (exception: unknown) => boolean;
}

/**
 * A NestJS exception filter that reports to the collector and then hands the exception on —
 * to `delegate` (Nest's own `BaseExceptionFilter`, so responses stay Nest's) or by rethrowing.
 * Structurally an `ExceptionFilter`: `app.useGlobalFilters(new PeriskopExceptionFilter(c, …))`.
 */
export class PeriskopExceptionFilter {
  constructor(
    private readonly collector: ErrorCollector,
    private readonly options: NestFilterOptions = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHostLike): unknown {
    if ((this.options.shouldReport ?? isServerError)(exception)) {
      const request = host.getType === undefined || host.getType() === 'http' ? (host.switchToHttp().getRequest() as RequestLike | undefined) : undefined;
      this.collector.report(exception, { httpContext: request ?? undefined });
    }
    if (this.options.delegate) return this.options.delegate.catch(exception, host);
    throw exception;
  }
}

/** Nest's HttpException has `getStatus()`; 4xx answers are the client's mistake, not an error. */
export function isServerError(exception: unknown): boolean {
  const getStatus = (exception as { getStatus?: unknown } | null)?.getStatus;
  return typeof getStatus !== 'function' || Number(getStatus.call(exception)) >= 500;
}
