import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { unwatchFile, watchFile } from 'node:fs';
import { Gauge } from 'prom-client';
import { ConfigHolder, ReloadOutcome, versionOfFile } from '@periskop/config';
import { ConfigVersion } from '@periskop/store';
import { PeriskopMetrics } from '@periskop/telemetry';
import { RUNTIME_SETTINGS } from '../settings/runtime.module';
import type { RuntimeSettings } from '../settings/runtime-settings';

export type ReloadTrigger = 'SIGHUP' | 'POST /-/reload' | 'file change' | 'another replica';

/**
 * Reloads the config as Prometheus does: on SIGHUP, on `POST /-/reload` and, with
 * `--watch-config`, when the file changes. A `POST` also writes the loaded file's hash to Redis
 * (ConfigVersion); every replica polls that key and, when it runs another version, reads
 * its own file again — in Kubernetes every replica mounts the same ConfigMap, so one request
 * reaches them all. A replica whose copy of the file is not updated yet (ConfigMap volumes update
 * with a delay) reads it again at a later poll once its text changed.
 */
@Injectable()
export class ConfigReloader implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('config');
  private pollTimer: NodeJS.Timeout | null = null;
  private watching = false;
  private readonly onSighup = () => void this.reload('SIGHUP');

  constructor(
    private readonly holder: ConfigHolder,
    @Inject(RUNTIME_SETTINGS) private readonly runtime: RuntimeSettings,
    private readonly versions: ConfigVersion,
    metrics: PeriskopMetrics,
  ) {
    new Gauge({
      name: 'periskop_config_last_reload_successful',
      help: 'Whether the last configuration reload attempt was successful.',
      registers: [metrics.registry],
      collect: function () {
        this.set(holder.lastReloadSuccessful ? 1 : 0);
      },
    });
    new Gauge({
      name: 'periskop_config_last_reload_success_timestamp_seconds',
      help: 'Timestamp of the last successful configuration reload.',
      registers: [metrics.registry],
      collect: function () {
        this.set(holder.lastSuccessAtMs / 1000);
      },
    });
  }

  onModuleInit(): void {
    process.on('SIGHUP', this.onSighup);
    if (this.runtime.watchConfig) {
      // stat polling resolves the path at every look, so it also sees a ConfigMap volume's update
      // (a new `..data` symlink renamed over the old one), which inotify on the old file misses.
      watchFile(this.holder.file, { interval: 500, persistent: false }, (now, before) => {
        if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) this.reload('file change');
      });
      this.watching = true;
    }
    this.schedulePoll();
  }

  onApplicationShutdown(): void {
    process.off('SIGHUP', this.onSighup);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.watching) unwatchFile(this.holder.file);
  }

  /** Reads the file again; a valid, changed file takes effect at once, an invalid one is logged and refused. */
  reload(trigger: ReloadTrigger): ReloadOutcome {
    const outcome = this.holder.reload();
    if (!outcome.ok) {
      this.logger.error(`reload (${trigger}) refused, keeping config ${outcome.version}: ${outcome.problems.length} problem(s)`);
      for (const problem of outcome.problems) this.logger.error(problem);
    } else if (outcome.changed) {
      this.logger.log(`reload (${trigger}): now running config ${outcome.version}`);
    } else {
      this.logger.log(`reload (${trigger}): config ${outcome.version} unchanged`);
    }
    return outcome;
  }

  /** `POST /-/reload`: reloads here and, when the file is valid, has every other replica follow. */
  async reloadEverywhere(): Promise<ReloadOutcome> {
    const outcome = this.reload('POST /-/reload');
    if (outcome.ok) await this.versions.publish(outcome.version);
    return outcome;
  }

  private schedulePoll(): void {
    this.pollTimer = setTimeout(() => {
      this.follow()
        .catch((err: Error) => this.logger.debug(`config version poll failed: ${err.message}`))
        .finally(() => {
          if (this.pollTimer) this.schedulePoll();
        });
    }, this.runtime.configPollMs);
    this.pollTimer.unref();
  }

  /** Another replica loaded another version: read our file again, unless its text is the one we last tried. */
  private async follow(): Promise<void> {
    const wanted = await this.versions.wanted();
    if (!wanted || wanted === this.holder.version) return;
    if (versionOfFile(this.holder.file) === this.holder.lastAttemptedVersion) return;
    this.reload('another replica');
  }
}
