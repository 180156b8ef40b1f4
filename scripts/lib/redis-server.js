// A private redis-server on a free loopback port, for `npm start` and the test harness.
// Never the machine's shared 6379 in tests: they must not see or clobber anyone else's data.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedisServer(extraArgs = [], options = {}) {
  const port = options.port ?? (await freePort());
  // A given dir outlives the server (a restart on the same port and dir finds its AOF there).
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'periskop-redis-'));
  const child = spawn(process.env.REDIS_SERVER_BIN || 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('error', (err) => reject(new Error(`cannot start redis-server: ${err.message} (install it: apt-get install redis-server)`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-2000)}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startRedisServer, freePort };
