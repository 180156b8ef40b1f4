import { parseClusterNode } from './redis-connection';

describe('parseClusterNode', () => {
  it('reads host:port, IPv6 in brackets, redis:// URLs, and defaults the port', () => {
    expect(parseClusterNode('redis-node-1:7001')).toEqual({ host: 'redis-node-1', port: 7001 });
    expect(parseClusterNode(' 10.0.0.5:6380 ')).toEqual({ host: '10.0.0.5', port: 6380 });
    expect(parseClusterNode('[::1]:7000')).toEqual({ host: '::1', port: 7000 });
    expect(parseClusterNode('redis://cache.internal:7002')).toEqual({ host: 'cache.internal', port: 7002 });
    expect(parseClusterNode('cache.internal')).toEqual({ host: 'cache.internal', port: 6379 });
  });

  it('refuses what is not a node address', () => {
    expect(() => parseClusterNode('')).toThrow(/invalid Redis Cluster node/);
    expect(() => parseClusterNode('host:0')).toThrow(/port must be/);
    expect(() => parseClusterNode('host:99999')).toThrow(/port must be/);
    expect(() => parseClusterNode('a:b:c')).toThrow(/invalid Redis Cluster node/);
  });
});
