import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/config';
import { AggregateReader } from './aggregate-reader';
import { AggregateWriter } from './aggregate-writer';
import { Retention } from './retention';
import { createRedisClient, RedisClient, redisConnectionOf } from './redis-connection';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** The app's Redis connection (single node or Cluster) and the store on top of it. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [RUNTIME_SETTINGS],
      useFactory: (settings: RuntimeSettings) => createRedisClient(redisConnectionOf(settings), { name: 'periskop-store' }),
    },
    { provide: AggregateWriter, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new AggregateWriter(redis) },
    { provide: AggregateReader, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new AggregateReader(redis) },
    { provide: Retention, inject: [REDIS_CLIENT], useFactory: (redis: RedisClient) => new Retention(redis) },
  ],
  exports: [REDIS_CLIENT, AggregateWriter, AggregateReader, Retention],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
