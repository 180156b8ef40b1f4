export { startRedisServer, RedisProcess } from './redis-server';
export { freePort } from './free-port';
export { testRedisUrl, uniqueName } from './test-redis';
export { occurrence, aggregate, payload, at } from './payloads';
export { AppProcess, eventually, getJson } from './app-process';
export { FakeTarget } from './fake-targets';
export { startRedisCluster, RedisCluster } from './redis-cluster';
export { LoopbackFleet, FleetMember } from './loopback-fleet';
export { listenPort, isPortFree } from './listen-port';
