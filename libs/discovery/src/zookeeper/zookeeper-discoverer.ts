import zookeeper, { Client } from 'node-zookeeper-client';
import type { Discoverer, DiscoveryOptions } from '../discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { ZookeeperSdConfig } from './zookeeper-sd-config';

type Parse = (data: Buffer, path: string) => Labels;

/**
 * `serverset_sd_configs` / `nerve_sd_configs`: watches the trees under the configured paths in
 * ZooKeeper. Every node whose data parses as a member is one group (source = the node's path);
 * a node that goes away, or whose data stops parsing, sends an empty group. Any watch firing
 * re-reads the tree (coalesced); while ZooKeeper is unreachable nothing is sent, so the last
 * targets stay, and the tree is re-read on reconnection.
 */
export class ZookeeperDiscoverer implements Discoverer {
  private client: Client | null = null;
  private known = new Map<string, string>();
  private onGroups: (groups: TargetGroup[]) => void = () => {};
  private walking: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly config: ZookeeperSdConfig,
    private readonly mechanism: string,
    private readonly parse: Parse,
    private readonly options: DiscoveryOptions,
  ) {}

  async start(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    this.onGroups = onGroups;
    const client = zookeeper.createClient(this.config.servers.join(','), { sessionTimeout: this.config.timeoutMs, spinDelay: 250, retries: 1 });
    this.client = client;
    client.on('state', (state) => {
      if (state === zookeeper.State.SYNC_CONNECTED) this.refresh();
      else if (state === zookeeper.State.DISCONNECTED || state === zookeeper.State.EXPIRED) this.report(new Error(`ZooKeeper ${this.config.servers.join(',')}: ${state.name}`));
    });
    const connected = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.config.timeoutMs);
      timer.unref();
      client.once('connected', () => (clearTimeout(timer), resolve(true)));
    });
    client.connect();
    if (!(await connected)) {
      this.report(new Error(`could not connect to ZooKeeper ${this.config.servers.join(',')} within ${this.config.timeoutMs}ms`));
      return;
    }
    this.refresh();
    await this.walking;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.client?.close();
  }

  private report(err: Error): void {
    if (!this.stopped) this.options.onError?.(this.mechanism, err);
  }

  /** Re-reads every tree; a request arriving during a walk runs one more walk after it. */
  private refresh(): void {
    if (this.stopped) return;
    if (this.walking) {
      this.again = true;
      return;
    }
    this.walking = this.walkAll()
      .catch((err: Error) => this.report(err))
      .finally(() => {
        this.walking = null;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  private async walkAll(): Promise<void> {
    const found = new Map<string, Labels>();
    for (const root of this.config.paths) await this.walk(root, found);
    if (this.stopped) return;
    const groups: TargetGroup[] = [];
    for (const [path, labels] of found) {
      const fingerprint = JSON.stringify(labels);
      if (this.known.get(path) === fingerprint) continue;
      this.known.set(path, fingerprint);
      groups.push({ source: path, targets: [labels], labels: {} });
    }
    for (const path of [...this.known.keys()]) {
      if (found.has(path)) continue;
      this.known.delete(path);
      groups.push({ source: path, targets: [], labels: {} });
    }
    if (groups.length > 0) this.onGroups(groups);
  }

  /** One node and its subtree, leaving a watch on each so changes trigger the next walk. */
  private async walk(path: string, found: Map<string, Labels>): Promise<void> {
    const client = this.client;
    if (!client || this.stopped) return;
    const watch = () => this.refresh();
    // `undefined` means no such node; a node without data answers an empty buffer.
    const data = await new Promise<Buffer | undefined>((resolve, reject) =>
      client.getData(path, watch, (err, buffer) => (err ? (isNoNode(err) ? resolve(undefined) : reject(new Error(String(err)))) : resolve(buffer ?? Buffer.alloc(0)))),
    );
    if (data === undefined) {
      // The root may not exist yet: watch for it to appear.
      await new Promise<void>((resolve) => client.exists(path, watch, () => resolve()));
      return;
    }
    if (data.length > 0) {
      try {
        found.set(path, this.parse(data, path));
      } catch {
        // Not a member (an intermediate node, or bad data): no target, as in Prometheus.
      }
    }
    const children = await new Promise<string[]>((resolve, reject) =>
      client.getChildren(path, watch, (err, names) => (err ? (isNoNode(err) ? resolve([]) : reject(new Error(String(err)))) : resolve(names ?? []))),
    );
    for (const child of children) await this.walk(`${path === '/' ? '' : path}/${child}`, found);
  }
}

function isNoNode(err: unknown): boolean {
  return (err as { getCode?: () => number }).getCode?.() === zookeeper.Exception.NO_NODE;
}
