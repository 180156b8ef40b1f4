import { Injectable } from '@nestjs/common';
import { AggregateReader, ResolutionLog, toErrorSummary } from '@periskop/store';
import type { ErrorDetailView, ErrorSummary } from '@periskop/wire';
import { ErrorQuery, selectErrors } from './error-query';
import type { ServiceIndex } from './service-index';

/** Distinct list queries remembered per version: the dashboard's sorts and filters, not every search. */
const SELECTIONS_PER_VERSION = 64;
/** Detail answers remembered per version: the keys people are looking at right now. */
const DETAILS_PER_VERSION = 64;

/**
 * Caches each service's aggregate summaries by the service's version counter. A request costs
 * one GET of the version while nothing changed; after a change, one HGETALL rebuilds the index
 * (concurrent requests share that rebuild). Search texts load only when someone searches.
 * Every API replica keeps its own cache: no replica state matters for correctness.
 */
@Injectable()
export class ErrorsIndexService {
  private readonly indexes = new Map<string, ServiceIndex>();
  private readonly loading = new Map<string, Promise<ServiceIndex>>();
  private readonly searchTexts = new Map<string, { version: string; texts: Promise<Record<string, string>> }>();

  constructor(
    private readonly reader: AggregateReader,
    private readonly resolutions: ResolutionLog,
  ) {}

  async index(service: string): Promise<ServiceIndex> {
    const version = await this.reader.version(service);
    const cached = this.indexes.get(service);
    if (cached && cached.version === version) return cached;
    const key = `${service}\0${version}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(service, version).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** Class, message and stack trace of each key's newest occurrence, for free-text search. */
  async search(index: ServiceIndex): Promise<Record<string, string>> {
    const cached = this.searchTexts.get(index.service);
    if (cached && cached.version === index.version) return cached.texts;
    const texts = this.reader.searchTexts(index.service);
    this.searchTexts.set(index.service, { version: index.version, texts });
    return texts;
  }

  /**
   * The filtered, sorted list for a query. Filtering and sorting 10,000 summaries costs more than
   * everything else a page request does, and every poll of an unchanged service asks the same, so
   * the result is kept with the index version it was computed from.
   */
  async select(index: ServiceIndex, query: Omit<ErrorQuery, 'offset' | 'limit'>): Promise<ErrorSummary[]> {
    const key = JSON.stringify([query.sort, query.order, query.severity, query.status, query.q]);
    let selected = index.selections.get(key);
    if (!selected) {
      selected = selectErrors(index.summaries, { ...query, offset: 0, limit: 0 }, query.q ? await this.search(index) : null);
      rememberBounded(index.selections, key, selected, SELECTIONS_PER_VERSION);
    }
    return selected;
  }

  /**
   * One key's detail answer, assembled once per version: an on-call page polls the same key, and
   * every poll of an unchanged service is then one GET of the version. null for an unknown key.
   */
  async detail(index: ServiceIndex, key: string, limit: number): Promise<string | null> {
    if (!index.metas.has(key)) return null;
    const cacheKey = `${limit}\0${key}`;
    let body = index.details.get(cacheKey);
    if (body === undefined) {
      body = await this.assembleDetail(index, key, limit);
      rememberBounded(index.details, cacheKey, body, DETAILS_PER_VERSION);
    }
    return body;
  }

  /**
   * The key's summary and last resolution, with its samples spliced in as stored (already the
   * API's JSON). The breakdown is added per request by the controller: its trend follows the clock.
   */
  private async assembleDetail(index: ServiceIndex, key: string, limit: number): Promise<string> {
    const [resolution, samples] = await Promise.all([this.resolutions.last(index.service, key), this.reader.samples(index.service, [key], limit)]);
    const head: Omit<ErrorDetailView, 'latest_errors'> = {
      ...toErrorSummary(key, index.metas.get(key)!, Date.now()),
      service: index.service,
      last_resolution: resolution && { by: resolution.by, at: Math.floor(resolution.at / 1000) },
    };
    return `${JSON.stringify(head).slice(0, -1)},"latest_errors":[${(samples.get(key) ?? []).join(',')}]}`;
  }

  private async load(service: string, version: string): Promise<ServiceIndex> {
    const aggregates = await this.reader.aggregates(service);
    const now = Date.now();
    const index: ServiceIndex = {
      service,
      version,
      summaries: this.reader.summaries(aggregates, now),
      metas: new Map(aggregates.map((a) => [a.key, a.meta])),
      selections: new Map(),
      details: new Map(),
    };
    this.indexes.set(service, index);
    return index;
  }
}

/** Adds to a per-version cache, dropping its oldest entry once it holds `max`. */
function rememberBounded<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  if (cache.size >= max) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
