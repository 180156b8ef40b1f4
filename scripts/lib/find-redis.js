// Which Redis `npm start` uses: REDIS_URL, else one answering on 127.0.0.1:6379, else a private
// redis-server from PATH; if none of these, a message saying how to get Redis.
const { execFileSync } = require('node:child_process');
const net = require('node:net');
const { startRedisServer } = require('./redis-server');

function answersPing(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function hasRedisServerBinary() {
  try {
    execFileSync(process.env.REDIS_SERVER_BIN || 'redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function findRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {}, origin: 'REDIS_URL' };
  if (await answersPing('127.0.0.1', 6379)) return { url: 'redis://127.0.0.1:6379', stop: async () => {}, origin: 'local Redis on 127.0.0.1:6379' };
  if (hasRedisServerBinary()) {
    const redis = await startRedisServer();
    return { url: redis.url, stop: () => redis.stop(), origin: `private redis-server on port ${redis.port}` };
  }
  throw new Error('no Redis found: set REDIS_URL, start Redis on 127.0.0.1:6379, or install redis-server ' + '(Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)');
}

module.exports = { findRedis, answersPing };
