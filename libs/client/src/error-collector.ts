import { randomUUID } from 'node:crypto';
import { aggregationKey } from './aggregation-key.js';
import { captureHttpContext, CaptureOptions, RequestLike } from './http-context.js';
import { stackLines, toErrorInstance } from './error-instance.js';
import { rfc3339 } from './rfc3339.js';
import { SEVERITIES } from './types.js';
import type { AggregatedError, ErrorInstance, ErrorWithContext, HttpContext, Payload, Severity } from './types.js';

/** Occurrences kept per key, oldest evicted first — the same 10 as every official client. */
export const DEFAULT_MAX_SAMPLES = 10;
/** Distinct keys before new ones are counted in the overflow aggregate. */
export const DEFAULT_MAX_KEYS = 1_000;
/** Where errors of keys beyond `maxKeys` are counted, with their latest samples. */
export const OVERFLOW_KEY = 'periskop-node/overflow';

export interface CollectorOptions extends CaptureOptions {
  /** Distinct aggregation keys held; beyond it new keys are counted under OVERFLOW_KEY. */
  maxKeys?: number;
  /** Occurrences kept per key (default 10). */
  maxSamples?: number;
  /** For tests: the clock, the process id (fork detection) and the uuid source. */
  now?: () => Date;
  processId?: () => number;
  uuid?: () => string;
}

export interface ReportOptions {
  severity?: Severity;
  /** The request being served: Node/Express/Fastify request, or a ready wire `http_context`. */
  httpContext?: RequestLike | HttpContext;
  /** Replaces the computed `<Class>@<hash>` key, e.g. to group by operation. */
  key?: string;
}

interface Aggregate {
  key: string;
  totalCount: number;
  severity: Severity;
  createdAt: string;
  samples: ErrorWithContext[];
}

/**
 * Pre-aggregates errors in memory the way periskop-go does: one aggregate per key with a total
 * count and the latest occurrences, exported by ErrorExporter for Periskop to scrape.
 *
 * Node runs JavaScript on one thread, so a report is one synchronous step and concurrent async
 * errors cannot lose an increment. One collector is one target: its `target_uuid` is made per
 * process, and a collector carried into another process (a fork, a restored snapshot) notices the
 * changed pid and starts afresh with a new uuid, so the server never adds the parent's counts twice.
 */
export class ErrorCollector {
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly maxKeys: number;
  private readonly maxSamples: number;
  private readonly now: () => Date;
  private readonly processId: () => number;
  private readonly newUuid: () => string;
  private pid: number;
  private uuid: string;

  constructor(private readonly options: CollectorOptions = {}) {
    this.maxKeys = positiveInteger(options.maxKeys ?? DEFAULT_MAX_KEYS, 'maxKeys');
    this.maxSamples = positiveInteger(options.maxSamples ?? DEFAULT_MAX_SAMPLES, 'maxSamples');
    this.now = options.now ?? (() => new Date());
    this.processId = options.processId ?? (() => process.pid);
    this.newUuid = options.uuid ?? randomUUID;
    this.pid = this.processId();
    this.uuid = this.newUuid();
  }

  /** This collector's `target_uuid`: one per process. */
  get targetUuid(): string {
    this.checkProcess();
    return this.uuid;
  }

  /**
   * Counts one occurrence of `error` (anything thrown) and keeps it as a sample.
   * @returns the aggregation key it was counted under.
   */
  report(error: unknown, options: ReportOptions = {}): string {
    const severity = checkSeverity(options.severity ?? 'error');
    const instance = toErrorInstance(error, error instanceof Error ? [] : reportSite(this.report));
    const key = options.key ?? aggregationKey(instance.class, instance.message, instance.stacktrace);
    this.add(key, instance, severity, options.httpContext);
    return key;
  }

  /**
   * Counts an event that is not an exception under the given key (periskop-scala's
   * `addMessage`): the sample carries only the message.
   */
  reportMessage(key: string, message: string, severity: Severity = 'info', options: Omit<ReportOptions, 'key' | 'severity'> = {}): void {
    this.add(key, { class: '', message, stacktrace: null, cause: null }, checkSeverity(severity), options.httpContext);
  }

  /** The current state in the wire format, aggregates in first-seen order, samples oldest first. */
  snapshot(): Payload {
    this.checkProcess();
    return {
      target_uuid: this.uuid,
      aggregated_errors: [...this.aggregates.values()].map((a): AggregatedError => ({
        aggregation_key: a.key,
        total_count: a.totalCount,
        severity: a.severity,
        latest_errors: [...a.samples],
        created_at: a.createdAt,
      })),
    };
  }

  /** Number of distinct keys held (the overflow aggregate included). */
  get size(): number {
    this.checkProcess();
    return this.aggregates.size;
  }

  private add(key: string, instance: ErrorInstance, severity: Severity, http: RequestLike | HttpContext | undefined): void {
    this.checkProcess();
    const timestamp = rfc3339(this.now());
    let aggregate = this.aggregates.get(key);
    if (!aggregate) {
      if (this.aggregates.size >= this.maxKeys + (this.aggregates.has(OVERFLOW_KEY) ? 1 : 0)) key = OVERFLOW_KEY;
      aggregate = this.aggregates.get(key);
      if (!aggregate) {
        // As periskop-go: the aggregate keeps the severity of its first occurrence.
        aggregate = { key, totalCount: 0, severity, createdAt: timestamp, samples: [] };
        this.aggregates.set(key, aggregate);
      }
    }
    aggregate.totalCount += 1;
    aggregate.samples.push({
      error: instance,
      uuid: this.newUuid(),
      timestamp,
      severity,
      http_context: http ? captureHttpContext(http, this.options) : null,
    });
    if (aggregate.samples.length > this.maxSamples) aggregate.samples.shift();
  }

  /** A new process (fork) must not re-export the parent's errors under a new or the same uuid. */
  private checkProcess(): void {
    const pid = this.processId();
    if (pid === this.pid) return;
    this.pid = pid;
    this.uuid = this.newUuid();
    this.aggregates.clear();
  }
}

/** Frames of the caller of `report`, for values thrown without a stack of their own. */
function reportSite(above: (...args: never[]) => unknown): string[] {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, above);
  return stackLines(holder.stack);
}

function checkSeverity(severity: string): Severity {
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    throw new TypeError(`periskop-node: severity must be one of ${SEVERITIES.join(', ')}; got ${JSON.stringify(severity)}`);
  }
  return severity as Severity;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`periskop-node: ${name} must be a positive integer; got ${value}`);
  return value;
}
