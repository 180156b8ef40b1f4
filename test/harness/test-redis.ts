import { randomBytes } from 'node:crypto';

/** The private redis-server started by the jest global setup. */
export function testRedisUrl(): string {
  const url = process.env.PERISKOP_TEST_REDIS_URL;
  if (!url) throw new Error('PERISKOP_TEST_REDIS_URL is not set: run medium tests through jest, whose global setup starts redis-server');
  return url;
}

/** A name no other test uses, so parallel test files never share Redis keys. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
