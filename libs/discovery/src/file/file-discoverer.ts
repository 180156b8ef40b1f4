import { FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Discoverer, DiscoveryOptions } from '../discoverer';
import { parseTargetGroupList } from '../internal/target-group-list';
import type { TargetGroup } from '../target-group';
import type { FileSdConfig } from './file-sd-config';
import { goGlob } from './go-glob';

export const FILE_PATH_LABEL = '__meta_filepath';

// Editors write a file in several steps; one re-read after the burst is enough.
const WATCH_DEBOUNCE_MS = 50;

/**
 * `file_sd_configs`: re-reads every matching file when anything changes in a watched directory,
 * and every refresh_interval. A file that fails to read or parse keeps its previous groups.
 */
export class FileDiscoverer implements Discoverer {
  /** Groups last sent per file; their count decides which `<file>:<i>` sources to clear. */
  private lastRefresh = new Map<string, TargetGroup[]>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  private stopped = false;
  private onGroups: (groups: TargetGroup[]) => void = () => {};

  constructor(
    private readonly config: FileSdConfig,
    private readonly options: DiscoveryOptions,
  ) {}

  async start(onGroups: (groups: TargetGroup[]) => void): Promise<void> {
    this.onGroups = onGroups;
    this.watchDirectories();
    await this.refresh();
    this.timer = setInterval(() => this.requestRefresh(), this.config.refreshIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    await this.running;
  }

  private watchDirectories(): void {
    const dirs = new Set(this.config.files.map((f) => dirname(f)));
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, (event) => {
          // A pure attribute change (chmod) does not change content; Prometheus ignores it too.
          if (event === 'rename' || event === 'change') this.requestRefresh(true);
        });
        watcher.on('error', (err) => this.options.onError?.('file_sd_configs', err));
        this.watchers.push(watcher);
      } catch (err) {
        // The directory may appear later; the refresh_interval ticker still picks files up.
        this.options.onError?.('file_sd_configs', new Error(`cannot watch ${dir}: ${(err as Error).message}`));
      }
    }
  }

  private requestRefresh(debounced = false): void {
    if (this.stopped) return;
    if (!debounced) return void this.refresh();
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.refresh(), WATCH_DEBOUNCE_MS);
  }

  /** One full re-read; calls that arrive while one runs fold into a single follow-up. */
  private async refresh(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    this.running = this.readAll().finally(() => (this.running = null));
    await this.running;
    if (this.pending && !this.stopped) {
      this.pending = false;
      await this.refresh();
    }
  }

  private async readAll(): Promise<void> {
    const files = new Set<string>();
    for (const pattern of this.config.files) {
      try {
        for (const file of goGlob(pattern)) files.add(file);
      } catch (err) {
        this.options.onError?.('file_sd_configs', new Error(`${pattern}: ${(err as Error).message}`));
      }
    }
    const current = new Map<string, TargetGroup[]>();
    for (const file of files) {
      try {
        current.set(file, await readGroups(file));
      } catch (err) {
        this.options.onError?.('file_sd_configs', new Error(`error reading file ${JSON.stringify(file)}: ${(err as Error).message}`));
        const previous = this.lastRefresh.get(file);
        if (previous) current.set(file, previous);
      }
    }
    if (this.stopped) return;
    const out = [...current.values()].flat();
    for (const [file, previous] of this.lastRefresh) {
      const kept = current.get(file)?.length ?? 0;
      for (let i = kept; i < previous.length; i++) out.push({ source: sourceOf(file, i), targets: [], labels: {} });
    }
    this.lastRefresh = current;
    this.onGroups(out);
  }
}

function sourceOf(file: string, index: number): string {
  return `${file}:${index}`;
}

/** Reads one file of target groups; the format follows the extension, case-insensitively. */
export async function readGroups(file: string): Promise<TargetGroup[]> {
  const text = await readFile(file, 'utf8');
  const ext = extname(file).toLowerCase();
  const data: unknown = ext === '.json' ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true });
  const format = ext === '.json' ? 'json' : 'yaml';
  return parseTargetGroupList(data, format).map((group, i) => ({
    source: sourceOf(file, i),
    targets: group.targets.map((address) => ({ __address__: address })),
    labels: { ...group.labels, [FILE_PATH_LABEL]: file },
  }));
}
