import { parseDuration } from '@periskop/common';

/** The pushgateway's own settings, from the environment (the YAML stays Periskop's). */
export interface PushSettings {
  /** PUSH_JOB_IDLE (default 1h): a pushing job silent this long is forgotten. */
  jobIdleMs: number;
  /** PUSH_KEY_IDLE (default 7d): a key no push reported this long leaves the export. */
  keyIdleMs: number;
  /** PUSH_SAMPLES_PER_KEY (default 10, as the clients keep). */
  samplesPerKey: number;
  /** PUSH_MAX_BODY_BYTES (default 4 MiB): larger pushes are refused with 413. */
  maxBodyBytes: number;
  /** PUSH_RATE_LIMIT (default 600): pushes per client address per PUSH_RATE_WINDOW (default 1m). */
  rateLimit: number;
  rateWindowMs: number;
  /** PUSH_NAMESPACE: separates independent gateways sharing one Redis. */
  namespace: string;
}

export function resolvePushSettings(env: NodeJS.ProcessEnv = process.env): PushSettings {
  const duration = (name: string, fallback: string) => {
    const text = env[name] ?? fallback;
    try {
      const ms = parseDuration(text);
      if (ms <= 0) throw new Error('must be above zero');
      return ms;
    } catch (err) {
      throw new Error(`invalid ${name}=${JSON.stringify(text)}: ${(err as Error).message} (use a duration such as 30s, 1h)`);
    }
  };
  const integer = (name: string, fallback: number) => {
    const text = env[name];
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`invalid ${name}=${JSON.stringify(text)}: use a positive integer`);
    return value;
  };
  const namespace = env.PUSH_NAMESPACE ?? '';
  if (!/^[\w.-]*$/.test(namespace)) throw new Error(`invalid PUSH_NAMESPACE=${JSON.stringify(namespace)}: use letters, digits, '.', '_' or '-'`);
  return {
    jobIdleMs: duration('PUSH_JOB_IDLE', '1h'),
    keyIdleMs: duration('PUSH_KEY_IDLE', '7d'),
    samplesPerKey: integer('PUSH_SAMPLES_PER_KEY', 10),
    maxBodyBytes: integer('PUSH_MAX_BODY_BYTES', 4 * 1024 * 1024),
    rateLimit: integer('PUSH_RATE_LIMIT', 600),
    rateWindowMs: duration('PUSH_RATE_WINDOW', '1m'),
    namespace,
  };
}
