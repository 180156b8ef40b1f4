import type { RedisClient } from './redis-client';
import { serviceKeys } from './keys';

/** One serialized answer of Periskop's full list, as API replicas share it. */
export interface SharedAnswer {
  version: string;
  etag: string;
  gzip: Buffer;
}

/**
 * The gzip body of a service's full list for one version, kept in Redis so that API replicas
 * build each version once between them. A saving only: every replica can build it alone.
 */
export class SharedFullList {
  constructor(private readonly redis: RedisClient) {}

  /** The shared answer if it is of `version`, else null. */
  async read(service: string, version: string): Promise<SharedAnswer | null> {
    const key = serviceKeys(service).fullList;
    const [sharedVersion, etag] = await this.redis.hmget(key, 'version', 'etag');
    if (sharedVersion !== version || !etag) return null;
    const gzip = await this.redis.hgetBuffer(key, 'gzip');
    return gzip ? { version, etag, gzip } : null;
  }

  /** Replaces the shared answer; it expires after `ttlMs` unread versions are not worth keeping. */
  async write(service: string, answer: SharedAnswer, ttlMs: number): Promise<void> {
    const key = serviceKeys(service).fullList;
    await this.redis.multi().hset(key, { version: answer.version, etag: answer.etag, gzip: answer.gzip }).pexpire(key, ttlMs).exec();
  }
}
