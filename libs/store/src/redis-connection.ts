import Redis, { Cluster, RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export interface RedisConnectionSettings {
  url: string;
  /** Cluster seed nodes `host:port`; when present the Cluster client is used. */
  clusterNodes?: string[];
}

/**
 * One place that turns settings into an ioredis client, so every app connects the same way.
 * `blocking` connections (BullMQ workers) must retry forever; producers and readers fail fast.
 */
export function createRedisClient(settings: RedisConnectionSettings, options: { blocking?: boolean; name?: string } = {}): RedisClient {
  const common: RedisOptions = {
    maxRetriesPerRequest: options.blocking ? null : 3,
    enableReadyCheck: true,
    connectionName: options.name,
    lazyConnect: false,
  };
  if (settings.clusterNodes && settings.clusterNodes.length > 0) {
    return new Cluster(
      settings.clusterNodes.map((node) => {
        const [host, port] = node.split(':');
        return { host, port: Number(port) };
      }),
      { redisOptions: common, enableReadyCheck: true, scaleReads: 'master' },
    );
  }
  return new Redis(settings.url, common);
}
