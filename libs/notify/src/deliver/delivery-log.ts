import { notificationKeys, RedisClient } from '@periskop/store';
import { DELIVERIES_KEPT, DELIVERIES_TTL_MS } from '../notify.constants';
import type { DeliveryRecord } from '../notification.types';

/** The newest deliveries per service (bounded list in Redis), for the dashboard. */
export class DeliveryLog {
  constructor(private readonly redis: RedisClient) {}

  async record(service: string, record: DeliveryRecord): Promise<void> {
    const key = notificationKeys(service).deliveries;
    await this.redis
      .multi()
      .lpush(key, JSON.stringify(record))
      .ltrim(key, 0, DELIVERIES_KEPT - 1)
      .pexpire(key, DELIVERIES_TTL_MS)
      .exec();
  }

  async latest(service: string, limit = DELIVERIES_KEPT): Promise<DeliveryRecord[]> {
    const rows = await this.redis.lrange(notificationKeys(service).deliveries, 0, limit - 1);
    return rows.map((row) => JSON.parse(row) as DeliveryRecord);
  }
}
