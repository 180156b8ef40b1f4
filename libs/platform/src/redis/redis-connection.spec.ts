import { parseClusterNode, parseRedisSeed } from './redis-connection';

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

describe('parseRedisSeed', () => {
  it('keeps TLS and credentials of a rediss:// seed, percent-decoded', () => {
    expect(parseRedisSeed('rediss://periskop:p%40ss@cache.internal:7002')).toEqual({ host: 'cache.internal', port: 7002, tls: true, username: 'periskop', password: 'p@ss' });
    expect(parseRedisSeed('redis://:only-password@10.0.0.1:7000')).toEqual({ host: '10.0.0.1', port: 7000, tls: false, password: 'only-password' });
    expect(parseRedisSeed('10.0.0.1:7000')).toEqual({ host: '10.0.0.1', port: 7000, tls: false });
  });

  it('never echoes a password in its error', () => {
    expect(() => parseRedisSeed('rediss://u:hunter2@host:0')).toThrow(/"rediss:\/\/\*\*\*@host:0"/);
    expect(() => parseRedisSeed('rediss://u:hunter2@host:0')).not.toThrow(/hunter2/);
  });
});
