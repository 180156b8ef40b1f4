import { checkConfig, CommandResult } from './check-config';
import { discover } from './discover';

const USAGE = `usage: periskop <command> <config-file>

commands:
  check-config <file>   validate the configuration (exit 1 with every problem and its line)
  discover <file>       run service discovery once and print each service's targets,
                        before and after relabeling`;

export async function run(argv: string[]): Promise<CommandResult> {
  const [command, file, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') return { exitCode: command ? 0 : 2, output: USAGE };
  if (!file || rest.length > 0) return { exitCode: 2, output: USAGE };
  switch (command) {
    case 'check-config':
      return checkConfig(file);
    case 'discover':
      return discover(file);
    default:
      return { exitCode: 2, output: `unknown command ${JSON.stringify(command)}\n\n${USAGE}` };
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    ({ exitCode, output, stream }) => {
      const toStdout = stream ? stream === 'stdout' : exitCode === 0;
      (toStdout ? process.stdout : process.stderr).write(`${output}\n`);
      // Exit explicitly: discovery may leave sockets closing in the background.
      process.exit(exitCode);
    },
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
