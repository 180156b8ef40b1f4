import { Module } from '@nestjs/common';
import { QUEUE_CONNECTION } from '@periskop/queue';
import { RedisConnections } from '../redis/redis.module';

/** The BullMQ producer's own Redis connection (single node or Cluster); QueueModule closes it. */
@Module({
  providers: [
    {
      provide: QUEUE_CONNECTION,
      inject: [RedisConnections],
      // Producers fail fast: a cycle that cannot reach Redis is reported and retried at the next boundary.
      useFactory: (connections: RedisConnections) => connections.open('periskop-producer'),
    },
  ],
  exports: [QUEUE_CONNECTION],
})
export class QueueConnectionModule {}
