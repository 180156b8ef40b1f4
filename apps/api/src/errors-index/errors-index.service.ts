import { Injectable } from '@nestjs/common';
import { AggregateMeta, AggregateReader, ErrorIndex, ErrorTotals, IndexSeverity, parseMeta, ResolutionLog, statusOf, toErrorSummary } from '@periskop/store';
import type { ErrorDetailView, ErrorSummary } from '@periskop/wire';
import { contentEtag } from './content-etag';
import { ErrorQuery, selectErrors } from './error-query';
import type { ServiceIndex } from './service-index';

/** Distinct searched lists remembered per version. */
const SELECTIONS_PER_VERSION = 64;
/** Detail answers remembered: the keys people are looking at right now. */
const DETAILS_KEPT = 256;
/** Pages remembered (service, query), each for the version it was read at. */
const PAGES_KEPT = 256;
/** A remembered page is read again after this long even if nothing changed: a key's "new" status ends with time. */
const PAGE_MAX_AGE_MS = 60_000;

/** A page read through the indexes (see ErrorIndex): the service's version at the read, and the page's summaries. */
export interface IndexedSummaries {
  version: string;
  keysRefused: number;
  total: number;
  items: ErrorSummary[];
}

/** One key's detail answer with its ETag, and what it was built from. */
export interface DetailAnswer {
  body: string;
  etag: string;
}

interface CachedDetail extends DetailAnswer {
  metaJson: string;
  status: string;
}

/**
 * The error list's reads. A page without a search or label filter is a range read of the
 * indexes the merge keeps (O(log n + page), whatever the service's size and however often it
 * changes). A search (`q`) or a label filter still scans: the service's summaries are loaded once
 * per version of its data (concurrent requests share the load) and each query's result is kept
 * for that version. Every API replica keeps its own caches: no replica state matters for correctness.
 */
@Injectable()
export class ErrorsIndexService {
  private readonly indexes = new Map<string, ServiceIndex>();
  private readonly loading = new Map<string, Promise<ServiceIndex>>();
  private readonly searchTexts = new Map<string, { version: string; texts: Promise<Record<string, string>> }>();
  private readonly details = new Map<string, CachedDetail>();
  private readonly pages = new Map<string, { version: string; atMs: number; page: IndexedSummaries }>();
  private readonly reading = new Map<string, Promise<IndexedSummaries>>();

  constructor(
    private readonly reader: AggregateReader,
    private readonly errorIndex: ErrorIndex,
    private readonly resolutions: ResolutionLog,
  ) {}

  /**
   * One page of summaries, read through the indexes. A page is remembered with the version it was
   * read at: polls between two changes of the service (most of them, even at 100 changes a
   * second) cost one MGET of the version and the refused-key count, and concurrent polls after a change share one read.
   */
  async page(service: string, query: Omit<ErrorQuery, 'q'>): Promise<IndexedSummaries> {
    const cacheKey = JSON.stringify([service, query.sort, query.order, query.status, query.severity, query.offset, query.limit]);
    const { version, keysRefused } = await this.reader.versionAndRefused(service);
    const cached = this.pages.get(cacheKey);
    if (cached && cached.version === version && cached.page.keysRefused === keysRefused && Date.now() - cached.atMs < PAGE_MAX_AGE_MS) return cached.page;
    const flight = `${cacheKey}\0${version}`;
    let pending = this.reading.get(flight);
    if (!pending) {
      pending = this.readPage(service, query).finally(() => this.reading.delete(flight));
      this.reading.set(flight, pending);
      void pending.then(
        (page) => {
          this.pages.delete(cacheKey);
          rememberBounded(this.pages, cacheKey, { version: page.version, atMs: Date.now(), page }, PAGES_KEPT);
        },
        () => undefined,
      );
    }
    return pending;
  }

  private async readPage(service: string, query: Omit<ErrorQuery, 'q'>): Promise<IndexedSummaries> {
    const page = await this.errorIndex.page(service, {
      sort: query.sort,
      order: query.order,
      status: query.status,
      severity: (query.severity ?? 'any') as IndexSeverity,
      offset: query.offset,
      limit: query.limit,
    });
    const now = Date.now();
    return { version: page.version, keysRefused: page.keysRefused, total: page.total, items: page.items.map(({ key, metaJson }) => toErrorSummary(key, parseMeta(metaJson), now)) };
  }

  /** Keys and occurrences per status and severity, kept as counters by the merge. */
  totals(service: string): Promise<ErrorTotals> {
    return this.errorIndex.totals(service);
  }

  /** Every summary of the service as of its current version (searches and label filters scan it). */
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

  /** The filtered, sorted list for a query over the scanned summaries, kept with the version it was computed from. */
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
   * One key's detail answer. Every change to a key rewrites its meta (samples, breakdown and
   * resolves only change with it), so the answer is kept with the meta it was built from and the
   * status it showed: a poll costs one HGET while the key is unchanged, however busy the service.
   * null for an unknown key.
   */
  async detail(service: string, key: string, limit: number): Promise<DetailAnswer | null> {
    const metaJson = await this.reader.metaJson(service, key);
    if (metaJson === null) return null;
    const meta = parseMeta(metaJson);
    const status = statusOf(meta, Date.now());
    const cacheKey = `${service}\0${limit}\0${key}`;
    const cached = this.details.get(cacheKey);
    if (cached && cached.metaJson === metaJson && cached.status === status) return cached;
    const body = await this.assembleDetail(service, key, meta, limit);
    const answer: CachedDetail = { body, etag: contentEtag(body), metaJson, status };
    this.details.delete(cacheKey);
    rememberBounded(this.details, cacheKey, answer, DETAILS_KEPT);
    return answer;
  }

  /**
   * The key's summary and last resolution, with its samples spliced in as stored (already the
   * API's JSON). The breakdown is added per request by the controller: its trend follows the clock.
   */
  private async assembleDetail(service: string, key: string, meta: AggregateMeta, limit: number): Promise<string> {
    const [resolution, samples] = await Promise.all([this.resolutions.last(service, key), this.reader.samples(service, [key], limit)]);
    const head: Omit<ErrorDetailView, 'latest_errors'> = {
      ...toErrorSummary(key, meta, Date.now()),
      service,
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
      selections: new Map(),
    };
    this.indexes.set(service, index);
    return index;
  }
}

/** Adds to a bounded cache, dropping its oldest entry once it holds `max`. */
function rememberBounded<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  if (cache.size >= max) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
