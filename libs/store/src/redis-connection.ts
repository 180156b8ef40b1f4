import Redis, { Cluster, ClusterNode, RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export interface RedisConnectionSettings {
  url: string;
  /** Cluster seed nodes `host:port`; when present the Cluster client is used. */
  clusterNodes?: string[];
}

/**
 * One place that turns settings into an ioredis client, so every app connects the same way.
 * `blocking` connections (BullMQ workers) must retry forever (`maxRetriesPerRequest: null`,
 * which BullMQ checks on a Cluster's `redisOptions` too); producers and readers fail fast.
 *
 * On a Redis Cluster every key of a service carries its `{service}` hash tag and every BullMQ
 * key the `{periskop-bull}` tag, so each Lua call and each pipeline stays within one slot; the
 * client follows MOVED/ASK redirections and refreshes its slot map when masters fail over.
 */
export function createRedisClient(settings: RedisConnectionSettings, options: { blocking?: boolean; name?: string } = {}): RedisClient {
  const common: RedisOptions = {
    maxRetriesPerRequest: options.blocking ? null : 3,
    enableReadyCheck: true,
    connectionName: options.name,
    lazyConnect: false,
  };
  if (settings.clusterNodes && settings.clusterNodes.length > 0) {
    return new Cluster(settings.clusterNodes.map(parseClusterNode), {
      redisOptions: common,
      enableReadyCheck: true,
      scaleReads: 'master',
      // A busy host can take more than ioredis's 1 s default to answer CLUSTER SLOTS at start-up.
      slotsRefreshTimeout: 5000,
    });
  }
  return new Redis(settings.url, common);
}

/** `host:port`, `[v6]:port` or `redis://host:port`; the port defaults to 6379. */
export function parseClusterNode(node: string): ClusterNode {
  const text = node.trim().replace(/^rediss?:\/\//, '').replace(/\/.*$/, '');
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  if (!match || !match[1]) throw new Error(`invalid Redis Cluster node ${JSON.stringify(node)}: use host:port`);
  const port = match[2] === undefined ? 6379 : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid Redis Cluster node ${JSON.stringify(node)}: port must be 1-65535`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}
