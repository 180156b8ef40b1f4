// One implementation for `npm start` and the tests: scripts/lib/redis-server.js.
export { startRedisServer, RedisProcess } from '../../scripts/lib/redis-server';
