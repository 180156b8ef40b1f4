import { readFileSync } from 'node:fs';
import Redis, { Cluster, ClusterNode, RedisOptions } from 'ioredis';
import type { RedisClient } from '@periskop/store';
import type { RuntimeSettings } from '../settings/runtime-settings';

export interface RedisConnectionSettings {
  /** `redis://` or `rediss://` (TLS), optionally with `user:password@`. */
  url: string;
  /** Cluster seed nodes `host:port` or `rediss://[user:password@]host:port`; when present the Cluster client is used. */
  clusterNodes?: string[];
  /** ACL user when neither the URL nor a seed names one. */
  username?: string | null;
  /** File holding the password, used when neither the URL nor a seed carries one. */
  passwordFile?: string | null;
  /** CA bundle (PEM) to verify the servers of a `rediss://` URL or seeds. */
  tlsCaFile?: string | null;
}

/** Every app's connection settings: where from the runtime settings, credentials and CA from the `redis` block. */
export function redisConnectionOf(runtime: RuntimeSettings): RedisConnectionSettings {
  const { username, passwordFile, tlsCaFile } = runtime.config.redis;
  return { url: runtime.redisUrl, clusterNodes: runtime.redisClusterNodes, username, passwordFile, tlsCaFile };
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
    const seeds = settings.clusterNodes.map(parseRedisSeed);
    const tls = seeds[0].tls;
    if (seeds.some((seed) => seed.tls !== tls)) throw new Error('Redis Cluster seeds mix redis:// and rediss://: use rediss:// for all of them, or for none');
    // One set of credentials for the whole cluster (every node shares its ACL): the first seed that names any.
    const named = seeds.find((seed) => seed.username !== undefined || seed.password !== undefined);
    return new Cluster(
      seeds.map(({ host, port }) => ({ host, port })),
      {
        // Nodes found through CLUSTER SLOTS get the same credentials and TLS as the seeds.
        redisOptions: { ...common, ...transportOptions(settings, { tls, username: named?.username, password: named?.password }) },
        enableReadyCheck: true,
        scaleReads: 'master',
        // A busy host can take more than ioredis's 1 s default to answer CLUSTER SLOTS at start-up.
        slotsRefreshTimeout: 5000,
      },
    );
  }
  // The URL's own user and password win (ioredis takes them first); the options fill what it lacks.
  return new Redis(settings.url, { ...common, ...transportOptions(settings, urlTransport(settings.url)) });
}

function urlTransport(text: string): { tls: boolean; username?: string; password?: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { tls: false }; // ioredis reports what it cannot parse
  }
  return { tls: url.protocol === 'rediss:', username: decodeURIComponent(url.username) || undefined, password: decodeURIComponent(url.password) || undefined };
}

/** A seed or URL: where, whether over TLS, and the credentials it carries (percent-decoded). */
export interface RedisSeed extends ClusterNodeAddress {
  tls: boolean;
  username?: string;
  password?: string;
}

interface ClusterNodeAddress {
  host: string;
  port: number;
}

/**
 * Credentials and TLS options shared by single-node and cluster connections. The password file
 * is read here, at start-up, so a missing one stops the app with a message naming it.
 */
function transportOptions(settings: RedisConnectionSettings, from: { tls: boolean; username?: string; password?: string }): RedisOptions {
  const out: RedisOptions = {};
  const username = from.username || settings.username || undefined;
  if (username) out.username = username;
  const password = from.password || (settings.passwordFile ? readSecretFile(settings.passwordFile, 'redis.password_file') : undefined);
  if (password) out.password = password;
  if (settings.tlsCaFile && !from.tls) {
    throw new Error(`redis.tls_ca_file is set but the Redis URL or seeds use redis://: use rediss:// to connect over TLS`);
  }
  if (from.tls) out.tls = settings.tlsCaFile ? { ca: readSecretFile(settings.tlsCaFile, 'redis.tls_ca_file') } : {};
  return out;
}

function readSecretFile(file: string, key: string): string {
  try {
    // A trailing newline is how editors and `echo` leave the file, never part of the secret.
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new Error(`cannot read ${key} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** `host:port`, `[v6]:port` or `redis://host:port`; the port defaults to 6379. */
export function parseClusterNode(node: string): ClusterNode {
  const { host, port } = parseRedisSeed(node);
  return { host, port };
}

/** `host:port`, `[v6]:port`, `redis://…` or `rediss://user:password@host:port`; the port defaults to 6379. */
export function parseRedisSeed(node: string): RedisSeed {
  const trimmed = node.trim();
  const tls = /^rediss:\/\//i.test(trimmed);
  const afterScheme = trimmed.replace(/^rediss?:\/\//i, '').replace(/\/.*$/, '');
  const at = afterScheme.lastIndexOf('@');
  const userinfo = at >= 0 ? afterScheme.slice(0, at) : undefined;
  const text = at >= 0 ? afterScheme.slice(at + 1) : afterScheme;
  // Never echo a password in an error message.
  const shown = JSON.stringify(userinfo === undefined ? node : node.replace(userinfo, '***'));
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  if (!match || !match[1]) throw new Error(`invalid Redis Cluster node ${shown}: use host:port`);
  const port = match[2] === undefined ? 6379 : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid Redis Cluster node ${shown}: port must be 1-65535`);
  const seed: RedisSeed = { host: match[1].replace(/^\[|\]$/g, ''), port, tls };
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const user = decodeURIComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
    const password = colon >= 0 ? decodeURIComponent(userinfo.slice(colon + 1)) : undefined;
    if (user) seed.username = user;
    if (password) seed.password = password;
  }
  return seed;
}
