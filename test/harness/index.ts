export { startRedisServer, RedisProcess } from './redis-server';
export { freePort } from './free-port';
export { testRedisUrl, uniqueName } from './test-redis';
export { occurrence, aggregate, payload, at } from './payloads';
export { AppProcess, eventually, getJson, ADMIN_TOKEN, ADMIN_AUTH_YAML, ADMIN_HEADERS } from './app-process';
export { FakeTarget } from './fake-targets';
export { startRedisCluster, RedisCluster } from './redis-cluster';
export { LoopbackFleet, FleetMember } from './loopback-fleet';
export { listenPort, isPortFree } from './listen-port';
