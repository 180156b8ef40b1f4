import { CONFIG_VERSION_KEY } from './keys';
import type { RedisClient } from './redis-client';

/**
 * The hash of the config file a replica loaded through `POST /-/reload`: every scheduler and API
 * replica polls it and reloads its own file when it runs another version.
 */
export class ConfigVersion {
  constructor(private readonly redis: RedisClient) {}

  async publish(version: string): Promise<void> {
    await this.redis.set(CONFIG_VERSION_KEY, version);
  }

  /** The version last published, or null when none was. */
  wanted(): Promise<string | null> {
    return this.redis.get(CONFIG_VERSION_KEY);
  }
}
