export interface RedisProcess {
  url: string;
  port: number;
  pid: number;
  /** Where it keeps its files (AOF, RDB). */
  dir: string;
  stop(): Promise<void>;
}
export function startRedisServer(extraArgs?: string[], options?: { port?: number; dir?: string }): Promise<RedisProcess>;
export function freePort(host?: string): Promise<number>;
