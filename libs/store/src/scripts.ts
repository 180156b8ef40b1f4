import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RedisClient } from './redis-client';

/**
 * Lua scripts live in lua/<name>-<numberOfKeys>.lua; `-n` means the caller passes a variable
 * number of KEYS (each script's header says how many). Each is registered once per connection
 * under `<name>:<SCRIPT_VERSION>`, so a rolling upgrade never runs one version's caller against
 * another version's script, and called by SHA (EVALSHA, falling back to EVAL after a SCRIPT FLUSH).
 *
 * Shared Lua: a line `--- @include "<file>"` is replaced by lua/includes/<file>.lua.
 */
const SCRIPTS = {
  mergePayload: 'merge-payload-n.lua',
  touchTarget: 'touch-target-6.lua',
  resolveError: 'resolve-error-54.lua',
  expireTargets: 'expire-targets-n.lua',
  expireKeys: 'expire-keys-n.lua',
  claimCycle: 'claim-cycle-1.lua',
  registerServices: 'register-services-2.lua',
  listServices: 'list-services-2.lua',
  errorPage: 'error-page-52.lua',
  rebuildIndex: 'rebuild-index-50.lua',
} as const;

/** Bumped whenever a script's KEYS or ARGV layout changes. */
export const SCRIPT_VERSION = 5;

export type ScriptName = keyof typeof SCRIPTS;

const cache = new Map<string, string>();

export function scriptSource(name: ScriptName): string {
  const file = SCRIPTS[name];
  let source = cache.get(file);
  if (source === undefined) {
    source = withIncludes(readFileSync(join(luaDirectory(), file), 'utf8'), file);
    cache.set(file, source);
  }
  return source;
}

function withIncludes(source: string, file: string, seen = new Set<string>()): string {
  return source.replace(/^--- @include "([\w-]+)"$/gm, (_line, include: string) => {
    if (seen.has(include)) throw new Error(`${file}: "${include}" is included twice`);
    seen.add(include);
    return withIncludes(readFileSync(join(luaDirectory(), 'includes', `${include}.lua`), 'utf8'), file, seen);
  });
}

/** Where the .lua files are: next to this module in source, copied next to each bundle by the build. */
function luaDirectory(): string {
  return join(__dirname, 'lua');
}

const fixedKeys = (file: string): number | undefined => {
  const n = /-(\d+|n)\.lua$/.exec(file)![1];
  return n === 'n' ? undefined : Number(n);
};

const commandName = (name: ScriptName) => `${name}:${SCRIPT_VERSION}`;

export function registerScripts(redis: RedisClient): RedisClient {
  const commands = redis as unknown as Record<string, unknown>;
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    if (typeof commands[commandName(name)] === 'function') continue;
    // Every script is called with its KEYS count first (runScript), so none declares it here.
    redis.defineCommand(commandName(name), { lua: scriptSource(name) });
  }
  return redis;
}

export type ScriptReply = Array<string | number | ScriptReply>;

/**
 * Runs a registered script. `keys` and `args` are passed as arrays (ioredis flattens them into
 * the command), never spread into a call: a payload may carry hundreds of thousands of arguments.
 */
export function runScript<T = ScriptReply>(redis: RedisClient, name: ScriptName, keys: string[], args: Array<string | number | Buffer>): Promise<T> {
  const expected = fixedKeys(SCRIPTS[name]);
  if (expected !== undefined && keys.length !== expected) throw new Error(`${SCRIPTS[name]} takes ${expected} keys, got ${keys.length}`);
  const command = (redis as unknown as Record<string, (...a: unknown[]) => Promise<T>>)[commandName(name)];
  if (typeof command !== 'function') throw new Error(`script ${name} is not registered on this connection (call registerScripts)`);
  return command.call(redis, keys.length, keys, args);
}
