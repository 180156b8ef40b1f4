import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { freePort, makeTestCertificates, RedisCluster, RedisProcess, startRedisCluster, startRedisServer } from '@periskop/test-harness';
import type { RedisClient } from '@periskop/store';
import { createRedisClient } from './redis-connection';

/**
 * Credentials and TLS against real redis-servers: a TLS-only single node with an ACL user, and a
 * TLS-only Redis Cluster with a password (requirepass/masterauth), certificates made for this run.
 */
describe('createRedisClient: credentials and TLS', () => {
  const certs = makeTestCertificates();
  const passwordFile = join(certs.dir, 'redis-password');
  const password = 'p@ss:wörd/1';
  writeFileSync(passwordFile, `${password}\n`);
  const clients: RedisClient[] = [];
  const connect = (...args: Parameters<typeof createRedisClient>) => {
    const client = createRedisClient(...args);
    clients.push(client);
    return client;
  };
  const tlsArgs = (port: number) => [
    '--port',
    '0',
    '--tls-port',
    String(port),
    '--tls-cert-file',
    certs.serverCertFile,
    '--tls-key-file',
    certs.serverKeyFile,
    '--tls-ca-cert-file',
    certs.caFile,
    '--tls-auth-clients',
    'no',
  ];

  afterAll(() => {
    for (const client of clients) client.disconnect();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  describe('single node', () => {
    let server: RedisProcess;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      // An ACL user beside the default user's password.
      server = await startRedisServer([...tlsArgs(port), '--requirepass', password, '--user', 'periskop', 'on', `>${password}`, '~*', '&*', '+@all']);
    }, 30_000);
    afterAll(() => server?.stop());

    it('connects to rediss:// with tls_ca_file, a user and password_file', async () => {
      const client = connect({ url: `rediss://127.0.0.1:${port}`, username: 'periskop', passwordFile, tlsCaFile: certs.caFile });
      expect(await client.acl('WHOAMI')).toBe('periskop');
    });

    it("takes the URL's credentials before the configured ones", async () => {
      const client = connect({ url: `rediss://default:${encodeURIComponent(password)}@127.0.0.1:${port}/0`, username: 'periskop', passwordFile: '/nonexistent', tlsCaFile: certs.caFile });
      expect(await client.acl('WHOAMI')).toBe('default');
    });

    it('refuses a server whose certificate no given CA signed', async () => {
      const client = connect({ url: `rediss://127.0.0.1:${port}`, passwordFile }, { name: 'no-ca' });
      const error = await new Promise<Error>((resolve) => client.once('error', resolve));
      expect(error.message).toMatch(/self.signed|certificate/i);
    });

    it('names an unreadable password file, and a CA file without rediss://', () => {
      expect(() => createRedisClient({ url: `rediss://127.0.0.1:${port}`, passwordFile: '/nonexistent/pw' })).toThrow('cannot read redis.password_file /nonexistent/pw: ENOENT');
      expect(() => createRedisClient({ url: `redis://127.0.0.1:${port}`, tlsCaFile: certs.caFile })).toThrow(/redis\.tls_ca_file is set but .* use rediss:\/\//);
    });
  });

  describe('Redis Cluster', () => {
    let cluster: RedisCluster;

    beforeAll(async () => {
      cluster = await startRedisCluster(3, {
        nodeArgs: (port) => [...tlsArgs(port), '--tls-cluster', 'yes', '--tls-replication', 'yes', '--requirepass', password, '--masterauth', password],
        cliArgs: ['--tls', '--cacert', certs.caFile, '-a', password, '--no-auth-warning'],
      });
    }, 60_000);
    afterAll(() => cluster?.stop());

    it('keeps rediss:// seeds, their password and the CA for every node it discovers', async () => {
      const [first, ...rest] = cluster.nodes;
      const seeds = [`rediss://:${encodeURIComponent(password)}@${first}`, ...rest.map((n) => `rediss://${n}`)];
      const client = connect({ url: 'redis://unused', clusterNodes: seeds, tlsCaFile: certs.caFile }) as Cluster;
      // Keys in every slot range: each master is reached over TLS with the password.
      for (let i = 0; i < 30; i++) await client.set(`{k${i}}`, String(i));
      expect(await client.get('{k29}')).toBe('29');
      expect(new Set(client.nodes('master').map((n) => n.options.port)).size).toBe(3);
      for (const node of client.nodes('master')) expect([node.options.tls !== undefined, node.options.password]).toEqual([true, password]);
    });

    it('takes the password from password_file when the seeds carry none', async () => {
      const client = connect({ url: 'redis://unused', clusterNodes: cluster.nodes.map((n) => `rediss://${n}`), passwordFile, tlsCaFile: certs.caFile });
      expect(await client.ping()).toBe('PONG');
    });

    it('refuses seeds that mix redis:// and rediss://', () => {
      expect(() => createRedisClient({ url: 'redis://unused', clusterNodes: [`rediss://${cluster.nodes[0]}`, cluster.nodes[1]] })).toThrow(/mix redis:\/\/ and rediss:\/\//);
    });
  });
});
