import type { Breakdown, ErrorSummary, InstanceCount, TargetView, TrendBucket } from '@periskop/wire';
import { AggregateMeta, parseMeta, toErrorSummary } from './aggregate-meta';
import { SERVICES_KEY, serviceKeys } from './keys';
import type { RedisClient } from './redis-client';
import { toTargetHealth } from './target-health';
import type { StoredTarget } from './discovered-targets';
import { displayTarget } from './aggregate-writer';
import { BreakdownDetail, breakdownDetail, parseBreakdown } from './breakdown-view';

/** One target's last reported counts, as the merge keeps them. */
export interface TargetCounts {
  targetId: string;
  /** Address it was last scraped at (null when not recorded). */
  address: string | null;
  /** aggregation key -> the count this target last reported */
  counts: Record<string, number>;
}

/** Targets read per pipeline: bounds the replies held at once for services with many targets. */
const TARGETS_PER_PIPELINE = 500;

export interface StoredAggregate {
  key: string;
  meta: AggregateMeta;
}

/** Every read of the merged aggregates. Reads never block writers: no read script holds Redis long. */
export class AggregateReader {
  constructor(private readonly redis: RedisClient) {}

  async services(): Promise<string[]> {
    return (await this.redis.smembers(SERVICES_KEY)).sort();
  }

  async hasService(service: string): Promise<boolean> {
    return (await this.redis.sismember(SERVICES_KEY, service)) === 1;
  }

  /** The service's change counter: the ETag of its lists. */
  async version(service: string): Promise<string> {
    return (await this.redis.get(serviceKeys(service).version)) ?? '0';
  }

  /** The version and the refused-key count in one round trip: refusals change no aggregate, but a page shows them. */
  async versionAndRefused(service: string): Promise<{ version: string; keysRefused: number }> {
    const k = serviceKeys(service);
    const [version, refused] = await this.redis.mget(k.version, k.keysRefused);
    return { version: version ?? '0', keysRefused: Number(refused ?? 0) };
  }

  /** One key's stored meta as written by the merge (null for an unknown key): any change to the key rewrites it. */
  metaJson(service: string, key: string): Promise<string | null> {
    return this.redis.hget(serviceKeys(service).aggregates, key);
  }

  /** The stored metas of `keys`, in their order (null where a key is gone). */
  metaJsons(service: string, keys: string[]): Promise<(string | null)[]> {
    return keys.length === 0 ? Promise.resolve([]) : this.redis.hmget(serviceKeys(service).aggregates, ...keys);
  }

  async aggregates(service: string): Promise<StoredAggregate[]> {
    const all = await this.redis.hgetall(serviceKeys(service).aggregates);
    return Object.entries(all).map(([key, json]) => ({ key, meta: parseMeta(json) }));
  }

  async aggregate(service: string, key: string): Promise<AggregateMeta | null> {
    const json = await this.redis.hget(serviceKeys(service).aggregates, key);
    return json ? parseMeta(json) : null;
  }

  /** The newest `limit` occurrences of each key, as stored JSON (newest first). */
  async samples(service: string, keys: string[], limit: number): Promise<Map<string, string[]>> {
    const k = serviceKeys(service);
    const out = new Map<string, string[]>();
    if (keys.length === 0) return out;
    const indexReplies = await this.redis.pipeline(keys.map((key) => ['zrevrange', k.sampleIndex(key), 0, limit - 1])).exec();
    const uuidsPerKey = (indexReplies ?? []).map(([, uuids]) => (uuids as string[]) ?? []);
    const dataCommands = keys.flatMap((key, i) => (uuidsPerKey[i].length > 0 ? [['hmget', k.sampleData(key), ...uuidsPerKey[i]]] : []));
    const dataReplies = dataCommands.length > 0 ? ((await this.redis.pipeline(dataCommands).exec()) ?? []) : [];
    let reply = 0;
    keys.forEach((key, i) => {
      if (uuidsPerKey[i].length === 0) return out.set(key, []);
      const [, jsons] = dataReplies[reply++];
      out.set(
        key,
        ((jsons as Array<string | null>) ?? []).filter((j): j is string => j !== null),
      );
    });
    return out;
  }

  /** Search text (class, message, stack trace of the newest occurrence) per key. */
  async searchTexts(service: string): Promise<Record<string, string>> {
    return this.redis.hgetall(serviceKeys(service).search);
  }

  async trend(service: string, key: string, resolution: 'minute' | 'hour'): Promise<TrendBucket[]> {
    const k = serviceKeys(service);
    const size = resolution === 'minute' ? 60 : 3600;
    const raw = await this.redis.hgetall(resolution === 'minute' ? k.trendMinutes(key) : k.trendHours(key));
    return Object.entries(raw)
      .map(([bucket, count]) => ({ t: Number(bucket) * size, count: Number(count) }))
      .sort((a, b) => a.t - b.t);
  }

  /** Hourly counts for many keys, the last `hours` hours, oldest first (sparklines). */
  async hourlyTrends(service: string, keys: string[], nowMs: number, hours = 24): Promise<Map<string, number[]>> {
    const k = serviceKeys(service);
    const currentHour = Math.floor(nowMs / 3_600_000);
    const fields = Array.from({ length: hours }, (_, i) => String(currentHour - hours + 1 + i));
    const replies = keys.length > 0 ? ((await this.redis.pipeline(keys.map((key) => ['hmget', k.trendHours(key), ...fields])).exec()) ?? []) : [];
    const out = new Map<string, number[]>();
    keys.forEach((key, i) =>
      out.set(
        key,
        ((replies[i]?.[1] as Array<string | null>) ?? []).map((v) => Number(v ?? 0)),
      ),
    );
    return out;
  }

  /** The key's count per value of each breakdown label, most frequent first ("other" last). */
  async breakdown(service: string, key: string): Promise<Breakdown> {
    return parseBreakdown(await this.redis.hgetall(serviceKeys(service).breakdown(key)));
  }

  /**
   * The breakdown the error page shows: per value its count, first and last seen and hourly
   * trend (last 24 hours, oldest first), and per label the value the key was first seen in.
   */
  async breakdownDetail(service: string, key: string, nowMs: number): Promise<BreakdownDetail> {
    return breakdownDetail(await this.redis.hgetall(serviceKeys(service).breakdown(key)), nowMs);
  }

  /** The breakdown of many keys at once (the error list filtered by label), pipelined. */
  async breakdowns(service: string, keys: string[]): Promise<Map<string, Breakdown>> {
    const k = serviceKeys(service);
    const out = new Map<string, Breakdown>();
    for (let from = 0; from < keys.length; from += TARGETS_PER_PIPELINE) {
      const batch = keys.slice(from, from + TARGETS_PER_PIPELINE);
      const replies = (await this.redis.pipeline(batch.map((key) => ['hgetall', k.breakdown(key)])).exec()) ?? [];
      batch.forEach((key, i) => out.set(key, parseBreakdown((replies[i]?.[1] as Record<string, string> | null) ?? {})));
    }
    return out;
  }

  /** Which targets report a key, with the count each last reported. */
  async instances(service: string, key: string): Promise<InstanceCount[]> {
    const k = serviceKeys(service);
    const targets = await this.redis.zrange(k.targets, 0, -1, 'WITHSCORES');
    const ids: string[] = [];
    const seen: number[] = [];
    for (let i = 0; i < targets.length; i += 2) {
      ids.push(targets[i]);
      seen.push(Number(targets[i + 1]));
    }
    if (ids.length === 0) return [];
    const commands = ids.flatMap((id) => [
      ['hget', k.targetCounts(id), key],
      ['hget', k.targetAddresses, id],
    ]);
    const replies = (await this.redis.pipeline(commands).exec()) ?? [];
    const out: InstanceCount[] = [];
    ids.forEach((id, i) => {
      const count = replies[i * 2]?.[1] as string | null;
      if (count === null || count === undefined) return;
      const address = (replies[i * 2 + 1]?.[1] as string | null) ?? null;
      out.push({ target: displayTarget(id, address), address, total_count: Number(count), last_seen: Math.floor(seen[i] / 1000) });
    });
    return out.sort((a, b) => b.total_count - a.total_count || a.target.localeCompare(b.target));
  }

  /** New keys refused so far because the service reached max_keys_per_service. */
  async keysRefused(service: string): Promise<number> {
    return Number((await this.redis.get(serviceKeys(service).keysRefused)) ?? 0);
  }

  /**
   * Every target's counts of every key (the per-target state the merge keeps): one HGETALL per
   * target, pipelined in batches.
   */
  async targetCounts(service: string): Promise<TargetCounts[]> {
    const k = serviceKeys(service);
    const [ids, addresses] = await Promise.all([this.redis.zrange(k.targets, 0, -1), this.redis.hgetall(k.targetAddresses)]);
    const out: TargetCounts[] = [];
    for (let from = 0; from < ids.length; from += TARGETS_PER_PIPELINE) {
      const batch = ids.slice(from, from + TARGETS_PER_PIPELINE);
      const replies = (await this.redis.pipeline(batch.map((id) => ['hgetall', k.targetCounts(id)])).exec()) ?? [];
      batch.forEach((id, i) => {
        const raw = (replies[i]?.[1] as Record<string, string> | null) ?? {};
        const counts: Record<string, number> = {};
        for (const [key, count] of Object.entries(raw)) counts[key] = Number(count);
        out.push({ targetId: id, address: addresses[id] ?? null, counts });
      });
    }
    return out;
  }

  /** How many targets the scheduler last discovered for the service (0 before its first cycle). */
  async discoveredCount(service: string): Promise<number> {
    const json = await this.redis.get(serviceKeys(service).discovered);
    return json ? (JSON.parse(json) as unknown[]).length : 0;
  }

  /** Discovered targets of a service with their last scrape health. */
  async targets(service: string): Promise<TargetView[]> {
    const k = serviceKeys(service);
    const [discoveredJson, health] = await Promise.all([this.redis.get(k.discovered), this.redis.hgetall(k.health)]);
    const discovered: StoredTarget[] = discoveredJson ? JSON.parse(discoveredJson) : [];
    return discovered.map((t) => ({
      endpoint: t.endpoint,
      url: t.url,
      labels: t.labels,
      discovered_labels: t.discoveredLabels,
      health: toTargetHealth(health[t.address]),
    }));
  }

  summaries(aggregates: StoredAggregate[], nowMs: number): ErrorSummary[] {
    return aggregates.map(({ key, meta }) => toErrorSummary(key, meta, nowMs));
  }
}
