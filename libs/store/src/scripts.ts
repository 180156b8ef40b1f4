import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from './redis-connection';

/**
 * Lua scripts live in lua/<name>-<numberOfKeys>.lua. ioredis registers each once per
 * connection and calls it by SHA (EVALSHA, falling back to EVAL after a SCRIPT FLUSH).
 */
const SCRIPTS = {
  mergePayload: 'merge-payload-1.lua',
  resolveError: 'resolve-error-1.lua',
  claimCycle: 'claim-cycle-1.lua',
  registerServices: 'register-services-2.lua',
  listServices: 'list-services-2.lua',
} as const;

export type ScriptName = keyof typeof SCRIPTS;

export interface ScriptedRedis {
  mergePayload(aggKey: string, ...args: Array<string | number>): Promise<Array<string | number>>;
  resolveError(aggKey: string, key: string, nowMs: number): Promise<number>;
  claimCycle(cycleKey: string, intervalMs: number, claimant: string, ttlMs: number): Promise<[number, string, number]>;
  registerServices(registryKey: string, servicesKey: string, retentionMs: number, ...services: string[]): Promise<number>;
  listServices(registryKey: string, servicesKey: string, retentionMs: number): Promise<string[]>;
}

const cache = new Map<string, string>();

export function scriptSource(name: ScriptName): string {
  const file = SCRIPTS[name];
  let source = cache.get(file);
  if (source === undefined) {
    source = readFileSync(join(luaDirectory(), file), 'utf8');
    cache.set(file, source);
  }
  return source;
}

/** Where the .lua files are: next to this module in source, copied next to each bundle by the build. */
function luaDirectory(): string {
  return join(__dirname, 'lua');
}

export function registerScripts(redis: RedisClient): RedisClient & ScriptedRedis {
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    if (typeof (redis as unknown as Record<string, unknown>)[name] === 'function') continue;
    const numberOfKeys = Number(/-(\d+)\.lua$/.exec(SCRIPTS[name])![1]);
    redis.defineCommand(name, { numberOfKeys, lua: scriptSource(name) });
  }
  return redis as RedisClient & ScriptedRedis;
}
