// Runs the apps as child processes with readable, prefixed output, and stops them together.
const { spawn } = require('node:child_process');
const readline = require('node:readline');

const COLORS = [36, 35, 33, 32, 34, 31];
/** Nest's start-up chatter (every module and route); warnings from these still show. */
const NEST_STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RouterExplorer', 'RoutesResolver', 'NestFactory']);

/**
 * pino writes JSON lines; show them as `[app] LEVEL message` for a person at a terminal, and
 * leave out successful request logs (the dashboard polls every few seconds). null = skip.
 */
function formatLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    if (entry.msg === 'request completed' && (entry.res?.statusCode ?? 0) < 400) return null;
    if (entry.level < 40 && NEST_STARTUP_CONTEXTS.has(entry.context)) return null;
    const level = entry.level >= 50 ? 'ERROR ' : entry.level >= 40 ? 'WARN  ' : '';
    const context = entry.context ? `${entry.context}: ` : '';
    return `${level}${context}${entry.msg ?? ''}`;
  } catch {
    return line;
  }
}

class ProcessGroup {
  /** @param cleanup runs after every child has exited (e.g. stopping a private Redis). */
  constructor(cleanup = async () => {}) {
    this.cleanup = cleanup;
    this.children = [];
    this.stopping = false;
  }

  start(name, args, env) {
    const color = COLORS[this.children.length % COLORS.length];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = process.stdout.isTTY ? `\x1b[${color}m[${name}]\x1b[0m ` : `[${name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        const text = formatLine(line);
        if (text !== null) process.stdout.write(`${prefix}${text}\n`);
      });
    }
    child.on('exit', (code, signal) => {
      if (!this.stopping) {
        process.stdout.write(`${prefix}exited (${signal ?? code}); stopping everything\n`);
        void this.stop(1);
      }
    });
    this.children.push(child);
    return child;
  }

  async stop(exitCode = 0) {
    if (this.stopping) return;
    this.stopping = true;
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', resolve);
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await this.cleanup();
    process.exit(exitCode);
  }
}

module.exports = { ProcessGroup, formatLine };
