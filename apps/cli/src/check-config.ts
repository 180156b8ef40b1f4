import { ConfigError, describeProblem, loadConfigFile } from '@periskop/config';
import { formatCheckFailure, formatCheckSuccess } from './format';

export interface CommandResult {
  exitCode: number;
  output: string;
  /** Where the output belongs; by default stdout on success and stderr on failure. */
  stream?: 'stdout' | 'stderr';
}

/** `check-config <file>`: loads the file strictly, as the servers would, and reports every problem. */
export function checkConfig(file: string): CommandResult {
  try {
    loadConfigFile(file);
    return { exitCode: 0, output: formatCheckSuccess(file) };
  } catch (err) {
    if (err instanceof ConfigError) return { exitCode: 1, output: formatCheckFailure(file, err.problems.map(describeProblem)) };
    return { exitCode: 1, output: formatCheckFailure(file, [(err as Error).message]) };
  }
}
