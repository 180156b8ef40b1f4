import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { REDIS_CLIENT, RedisClient } from '@periskop/store';
import { RUNTIME_SETTINGS } from '../settings/runtime.module';
import type { RuntimeSettings } from '../settings/runtime-settings';
import { createRedisClient, RedisConnectionSettings, redisConnectionOf } from './redis-connection';

/**
 * Opens connections to the app's Redis (single node or Cluster), all with the same settings. The
 * store shares one; each BullMQ worker or producer opens its own and closes it itself.
 */
export class RedisConnections {
  constructor(private readonly settings: RedisConnectionSettings) {}

  /** `blocking`: a BullMQ worker's connection, which must retry forever. */
  open(name: string, options: { blocking?: boolean } = {}): RedisClient {
    return createRedisClient(this.settings, { ...options, name });
  }
}

/** The app's Redis connection for the store (`REDIS_CLIENT`), and the factory of the others. */
@Global()
@Module({
  providers: [
    { provide: RedisConnections, inject: [RUNTIME_SETTINGS], useFactory: (settings: RuntimeSettings) => new RedisConnections(redisConnectionOf(settings)) },
    { provide: REDIS_CLIENT, inject: [RedisConnections], useFactory: (connections: RedisConnections) => connections.open('periskop-store') },
  ],
  exports: [REDIS_CLIENT, RedisConnections],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
