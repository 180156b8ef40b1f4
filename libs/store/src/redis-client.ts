import type Redis from 'ioredis';
import type { Cluster } from 'ioredis';

/** A connection to one Redis or to a Redis Cluster: every store repository works on either. */
export type RedisClient = Redis | Cluster;

/** The app's shared Redis connection; `@periskop/platform` provides it, the store's repositories use it. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
