/**
 * A configuration error at a place in the YAML document. The config loader turns `path` into
 * `services[0].dns_sd_configs[1].port (line 12)` so a user can find it.
 */
export type ConfigPath = ReadonlyArray<string | number>;

export class ConfigPathError extends Error {
  constructor(
    readonly path: ConfigPath,
    readonly reason: string,
  ) {
    super(`${formatConfigPath(path)}: ${reason}`);
    this.name = 'ConfigPathError';
  }

  /** The same error, one level deeper in the document. */
  under(prefix: ConfigPath): ConfigPathError {
    return new ConfigPathError([...prefix, ...this.path], this.reason);
  }
}

export function formatConfigPath(path: ConfigPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || '(top level)';
}
