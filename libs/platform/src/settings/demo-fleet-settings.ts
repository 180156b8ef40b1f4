/** The demo fleet's settings (apps/mock-target), from the environment. */
export interface DemoFleetSettings {
  /** MOCK_PORTS (default 7777,7778,7779): one instance of every demo service per port. */
  ports: number[];
  /** MOCK_HOST (default 0.0.0.0). */
  host: string;
  /** MOCK_TICK_MS (default 2000): how often the instances may report new errors. */
  tickMs: number;
}

export function demoFleetSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoFleetSettings {
  return {
    ports: (env.MOCK_PORTS ?? '7777,7778,7779').split(',').map((p) => Number(p.trim())),
    host: env.MOCK_HOST ?? '0.0.0.0',
    tickMs: Number(env.MOCK_TICK_MS ?? 2000),
  };
}
