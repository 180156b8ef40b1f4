import { ConfigPath, formatConfigPath } from '@periskop/common';

export interface ConfigProblem {
  path: ConfigPath;
  line: number | null;
  reason: string;
}

/** Everything wrong with a config file, each problem with its key path and line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`invalid configuration ${file}:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function describeProblem(problem: ConfigProblem): string {
  const where = problem.line === null ? formatConfigPath(problem.path) : `${formatConfigPath(problem.path)} (line ${problem.line})`;
  return `${where}: ${problem.reason}`;
}
