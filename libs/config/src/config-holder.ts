import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, ConfigProblem, describeProblem } from './config-error';
import type { PeriskopConfig } from './config.types';
import { parseConfigText } from './load-config';

/** What one reload attempt ended with; `problems` lists everything wrong with a refused file. */
export type ReloadOutcome = { ok: true; changed: boolean; version: string } | { ok: false; version: string; problems: string[] };

export type ConfigListener = (next: PeriskopConfig, previous: PeriskopConfig) => void;

/**
 * The config an app runs with now. A reload reads the file again: a valid file replaces the
 * current config and is announced to the listeners; an invalid one leaves the running config as
 * it is. `version` is the hash of the file's text, the same in every replica that reads the
 * same file, so replicas can tell whether they run what another one loaded.
 */
export class ConfigHolder {
  private config: PeriskopConfig;
  private loadedVersion: string;
  private readonly listeners = new Set<ConfigListener>();
  /** Outcome of the last reload (a start counts as a successful one), as Prometheus reports it. */
  lastReloadSuccessful = true;
  lastSuccessAtMs = Date.now();
  /** Hash of the file the last attempt read, valid or not: the same bad file is not retried. */
  lastAttemptedVersion: string;

  constructor(
    readonly file: string,
    initial: PeriskopConfig,
    version: string = versionOfFile(file),
  ) {
    this.config = initial;
    this.loadedVersion = version;
    this.lastAttemptedVersion = version;
  }

  get current(): PeriskopConfig {
    return this.config;
  }

  /** Hash of the text the current config was loaded from. */
  get version(): string {
    return this.loadedVersion;
  }

  /** Calls `listener` after every reload that changed the config; returns how to stop. */
  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the file again; keeps the running config when the file cannot be read or is invalid. */
  reload(): ReloadOutcome {
    const absolute = resolve(this.file);
    let text: string;
    try {
      text = readFileSync(absolute, 'utf8');
    } catch (err) {
      this.lastReloadSuccessful = false;
      return { ok: false, version: this.loadedVersion, problems: [`${absolute}: cannot read file: ${(err as Error).message}`] };
    }
    const version = hashText(text);
    this.lastAttemptedVersion = version;
    let next: PeriskopConfig;
    try {
      next = parseConfigText(text, absolute);
    } catch (err) {
      this.lastReloadSuccessful = false;
      return { ok: false, version: this.loadedVersion, problems: problemsOf(err, absolute) };
    }
    this.lastReloadSuccessful = true;
    this.lastSuccessAtMs = Date.now();
    if (version === this.loadedVersion) return { ok: true, changed: false, version };
    const previous = this.config;
    this.config = next;
    this.loadedVersion = version;
    for (const listener of this.listeners) listener(next, previous);
    return { ok: true, changed: true, version };
  }
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Hash of a file's text; empty when it cannot be read. */
export function versionOfFile(file: string): string {
  try {
    return hashText(readFileSync(resolve(file), 'utf8'));
  } catch {
    return '';
  }
}

function problemsOf(err: unknown, file: string): string[] {
  if (err instanceof ConfigError) return err.problems.map((p: ConfigProblem) => `${err.file}: ${describeProblem(p)}`);
  return [`${file}: ${(err as Error).message}`];
}
