import { startRedisServer } from './redis-server';

/** Starts one private redis-server for a jest run; each test file works in its own key space. */
export default async function globalSetup(): Promise<void> {
  const redis = await startRedisServer();
  process.env.PERISKOP_TEST_REDIS_URL = redis.url;
  (globalThis as Record<string, unknown>).__PERISKOP_REDIS__ = redis;
}
