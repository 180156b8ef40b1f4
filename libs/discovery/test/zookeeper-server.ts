import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zookeeper, { Client } from 'node-zookeeper-client';
import { freePort } from '../../../test/harness/free-port';

/** Debian's zookeeperd jars: the server and what it needs to start standalone. */
const CLASSPATH = ['zookeeper.jar', 'zookeeper-jute.jar', 'slf4j-api.jar', 'slf4j-simple.jar', 'netty-handler.jar'].map((j) => `/usr/share/java/${j}`).join(':');

export interface ZookeeperServer {
  connect: string;
  /** A client for the test to write members with. */
  client: Client;
  stop(): Promise<void>;
}

/** How long one start may take: a JVM on a 2-core machine busy with the other suites is slow. */
const START_TIMEOUT_MS = 60_000;

/**
 * A real, private ZooKeeper (standalone `ZooKeeperServerMain`) on a free loopback port with a
 * throwaway data directory; resolves once a client has connected. A start that does not answer
 * in time is killed and tried once more on a new port; the error carries the server's own output.
 */
export async function startZookeeper(): Promise<ZookeeperServer> {
  try {
    return await startOnce();
  } catch {
    return startOnce();
  }
}

async function startOnce(): Promise<ZookeeperServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'zk-'));
  // A client JVM's flags: the server lives for one spec, so start-up time is what counts.
  const jvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m'];
  const proc: ChildProcess = spawn('java', [...jvm, '-cp', CLASSPATH, '-Dzookeeper.admin.enableServer=false', 'org.apache.zookeeper.server.ZooKeeperServerMain', String(port), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const connect = `127.0.0.1:${port}`;
  const client = zookeeper.createClient(connect, { sessionTimeout: 10_000, spinDelay: 200 });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ZooKeeper did not start within ${START_TIMEOUT_MS / 1000}s; its output:\n${output}`)), START_TIMEOUT_MS);
      client.once('connected', () => (clearTimeout(timer), resolve()));
      proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`ZooKeeper exited with ${code}; its output:\n${output}`))));
      client.connect();
    });
  } catch (err) {
    // A server that never answered must not outlive the test run.
    client.close();
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    connect,
    client,
    stop: async () => {
      client.close();
      proc.kill('SIGTERM');
      await new Promise((resolve) => (proc.exitCode !== null ? resolve(null) : proc.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Promise forms of the client calls the tests use. */
export const zk = {
  mkdirp: (c: Client, path: string) => new Promise<void>((res, rej) => c.mkdirp(path, (e) => (e ? rej(e) : res()))),
  create: (c: Client, path: string, data: unknown) => new Promise<void>((res, rej) => c.create(path, Buffer.from(JSON.stringify(data)), (e) => (e ? rej(e) : res()))),
  set: (c: Client, path: string, data: unknown) => new Promise<void>((res, rej) => c.setData(path, Buffer.from(JSON.stringify(data)), (e) => (e ? rej(e) : res()))),
  remove: (c: Client, path: string) => new Promise<void>((res, rej) => c.remove(path, (e) => (e ? rej(e) : res()))),
};
