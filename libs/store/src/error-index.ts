import { errorPageKeys, INDEX_SEVERITIES, INDEX_SORTS, INDEX_STATUSES, IndexSeverity, IndexSort, IndexStatus, rebuildIndexKeys, serviceKeys } from './keys';
import type { RedisClient } from './redis-client';
import { registerScripts, runScript } from './scripts';

export interface IndexedPageQuery {
  sort: IndexSort;
  status: IndexStatus;
  severity: IndexSeverity;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface IndexedPage {
  /** The service's version when the page was read (the same atomic read as the page). */
  version: string;
  keysRefused: number;
  /** Keys matching the status and severity, on every page. */
  total: number;
  /** The page's keys in order, with their stored meta JSON. */
  items: Array<{ key: string; metaJson: string }>;
}

/** Per stored severity (any string a client sent), keys and the sum of their counts. */
export type SeverityTotals = Record<string, { keys: number; occurrences: number }>;

export interface ErrorTotals {
  active: SeverityTotals;
  resolved: SeverityTotals;
  /** Newest last-seen (Unix seconds) of an unresolved key; null when there is none. */
  activeLastSeen: number | null;
}

/** The largest page error-page-52.lua reads in one call. */
export const MAX_INDEXED_PAGE = 1000;

/**
 * Reads the error list through the indexes the merge, resolve and retention scripts keep (see
 * lua/includes/error-index.lua): a page is one range read, the totals one hash. A service whose
 * keys were merged before the indexes existed is indexed once, on its first read.
 */
export class ErrorIndex {
  private readonly redis: RedisClient;

  constructor(redis: RedisClient) {
    this.redis = registerScripts(redis);
  }

  async page(service: string, query: IndexedPageQuery): Promise<IndexedPage> {
    if (query.limit < 1 || query.limit > MAX_INDEXED_PAGE) throw new Error(`error index: a page holds 1 to ${MAX_INDEXED_PAGE} keys, not ${query.limit}`);
    const args = [INDEX_SORTS.indexOf(query.sort) + 1, INDEX_STATUSES.indexOf(query.status) + 1, INDEX_SEVERITIES.indexOf(query.severity) + 1, query.order, query.offset, query.limit];
    if (args.slice(0, 3).some((n) => n === 0)) throw new Error(`error index: no index for sort ${query.sort}, status ${query.status}, severity ${query.severity}`);
    let reply = await runScript<PageReply>(this.redis, 'errorPage', errorPageKeys(service), args);
    if (reply[0] === 'unbuilt') {
      // Never built, or keys written by an older merge script (a rolling upgrade): built afresh.
      await this.rebuild(service, true);
      reply = await runScript<PageReply>(this.redis, 'errorPage', errorPageKeys(service), args);
      if (reply[0] !== 'ok') throw new Error(`error index of ${service}: still not built after a rebuild`);
    }
    const [, version, refused, total, flat] = reply as OkPageReply;
    const items: IndexedPage['items'] = [];
    for (let i = 0; i < flat.length; i += 2) if (flat[i + 1] !== '') items.push({ key: flat[i], metaJson: flat[i + 1] });
    return { version, keysRefused: Number(refused), total: Number(total), items };
  }

  /** Keys per status and severity, their occurrences, and the newest unresolved key's last-seen. */
  async totals(service: string): Promise<ErrorTotals> {
    const k = serviceKeys(service);
    const read = async () => {
      const replies =
        (await this.redis
          .pipeline()
          .hgetall(k.errorTotals)
          .zrevrange(k.errorIndex('latest', 'active', 'any'), 0, 0, 'WITHSCORES')
          .exec()) ?? [];
      return { fields: (replies[0]?.[1] as Record<string, string> | null) ?? {}, newest: (replies[1]?.[1] as string[] | null) ?? [] };
    };
    let { fields, newest } = await read();
    if (fields.built === undefined) {
      await this.rebuild(service);
      ({ fields, newest } = await read());
    }
    const out: ErrorTotals = { active: {}, resolved: {}, activeLastSeen: newest.length === 2 ? Number(newest[1]) : null };
    for (const [field, value] of Object.entries(fields)) {
      const [what, status, ...severity] = field.split('|');
      if ((what !== 'keys' && what !== 'count') || (status !== 'active' && status !== 'resolved')) continue;
      const cell = (out[status][severity.join('|')] ??= { keys: 0, occurrences: 0 });
      if (what === 'keys') cell.keys = Number(value);
      else cell.occurrences = Number(value);
    }
    return out;
  }

  /** Every key of one index in its order (Periskop's full list: every unresolved key, newest first). */
  async keys(service: string, sort: IndexSort, status: IndexStatus, order: 'asc' | 'desc'): Promise<string[]> {
    const k = serviceKeys(service);
    if ((await this.redis.hget(k.errorTotals, 'built')) === null) await this.rebuild(service);
    const set = k.errorIndex(sort, status, 'any');
    return order === 'asc' ? this.redis.zrange(set, 0, -1) : this.redis.zrevrange(set, 0, -1);
  }

  /** Indexes every key of the service unless already done (`force`: again). Returns the keys indexed, or -1. */
  async rebuild(service: string, force = false): Promise<number> {
    return runScript<number>(this.redis, 'rebuildIndex', rebuildIndexKeys(service), [force ? 'force' : '']);
  }
}

type OkPageReply = ['ok', string, string, number, string[]];
type PageReply = OkPageReply | ['unbuilt'];
