import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isPortFree, listenPort } from './listen-port';
import { RedisProcess, startRedisServer } from './redis-server';

const run = promisify(execFile);

/** A Redis Cluster of loopback `redis-server` processes, each in its own temp dir. */
export interface RedisCluster {
  /** `host:port` of every master: what REDIS_CLUSTER_NODES takes. */
  nodes: string[];
  /** REDIS_CLUSTER_NODES's value. */
  nodesEnv: string;
  servers: RedisProcess[];
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** More arguments for each node, given its port (e.g. `--port 0 --tls-port <port>` for a TLS-only cluster, `--requirepass`). */
  nodeArgs?: (port: number) => string[];
  /** Arguments redis-cli needs to reach the nodes (e.g. `--tls --cacert …`, `-a <password>`). */
  cliArgs?: string[];
}

/**
 * Starts `masters` cluster-enabled redis-servers on free loopback ports, joins them with
 * `redis-cli --cluster create … --cluster-replicas 0` and waits until every node reports
 * `cluster_state:ok` and knows every other node, so clients see the full slot map.
 */
export async function startRedisCluster(masters = 3, options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const cli = options.cliArgs ?? [];
  if (masters < 3) throw new Error('redis-cli --cluster create needs at least 3 masters');
  const servers: RedisProcess[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    for (let i = 0; i < masters; i++) {
      // nodes.conf lands in the server's own temp dir (startRedisServer passes --dir).
      const port = await pickClusterPort();
      const args = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000', ...(options.nodeArgs?.(port) ?? [])];
      servers.push(await startRedisServer(args, { port }));
    }
    const nodes = servers.map((s) => `127.0.0.1:${s.port}`);
    await run(redisCli(), [...cli, '--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
    await waitForClusterOk(servers, 30_000, cli);
    return { nodes, nodesEnv: nodes.join(','), servers, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitForClusterOk(servers: RedisProcess[], timeoutMs: number, cli: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const infos = await Promise.all(
      servers.map((s) =>
        run(redisCli(), [...cli, '-p', String(s.port), 'cluster', 'info']).then(
          (r) => r.stdout,
          (e: Error) => e.message,
        ),
      ),
    );
    const ok = infos.every((info) => /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info) && new RegExp(`cluster_known_nodes:${servers.length}\\b`).test(info));
    if (ok) return;
    last = infos.join('\n');
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Redis Cluster did not become ready within ${timeoutMs} ms:\n${last}`);
}

/** A port P with P and its cluster bus port P + 10000 both free and outside the ephemeral range. */
async function pickClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenPort('127.0.0.1', 12_000, 22_767);
    if (await isPortFree(port + 10_000, '127.0.0.1')) return port;
  }
  throw new Error('no free port pair for a cluster node');
}

function redisCli(): string {
  return process.env.REDIS_CLI_BIN || 'redis-cli';
}
