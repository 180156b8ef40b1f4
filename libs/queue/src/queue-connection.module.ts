import { Module } from '@nestjs/common';
import { RUNTIME_SETTINGS, RuntimeSettings } from '@periskop/config';
import { createRedisClient, redisConnectionOf } from '@periskop/store';

/** The BullMQ producer's own Redis connection (single node or Cluster); QueueModule closes it. */
export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

@Module({
  providers: [
    {
      provide: QUEUE_CONNECTION,
      inject: [RUNTIME_SETTINGS],
      // Producers fail fast: a cycle that cannot reach Redis is reported and retried at the next boundary.
      useFactory: (settings: RuntimeSettings) => createRedisClient(redisConnectionOf(settings), { name: 'periskop-producer' }),
    },
  ],
  exports: [QUEUE_CONNECTION],
})
export class QueueConnectionModule {}
