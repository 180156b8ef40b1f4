export interface RedisProcess {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}
export function startRedisServer(extraArgs?: string[], options?: { port?: number }): Promise<RedisProcess>;
export function freePort(host?: string): Promise<number>;
