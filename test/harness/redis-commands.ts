import type Redis from 'ioredis';

/**
 * The names of the commands `redis` sends while `run` runs (a loaded script call is one
 * `evalsha`), for specs that pin how many round trips a path costs. The connection's
 * `sendCommand` is wrapped for the duration and restored after, whatever `run` does.
 */
export async function commandsSentDuring<T>(redis: Redis, run: () => Promise<T>): Promise<[T, string[]]> {
  const sent: string[] = [];
  const original = redis.sendCommand;
  redis.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    sent.push(args[0].name);
    return original.apply(this, args);
  };
  try {
    return [await run(), sent];
  } finally {
    redis.sendCommand = original;
  }
}
