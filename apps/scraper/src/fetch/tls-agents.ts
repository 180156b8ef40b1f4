import https from 'node:https';
import type { TlsFileConfig } from '@periskop/config';
import { buildTlsOptions, tlsFilesStamp } from './tls-options';

/** How often a config's files are checked for a change (a rotated certificate), at most. */
const RECHECK_MS = 10_000;

interface Entry {
  agent: https.Agent;
  stamp: string;
  checkedAt: number;
}

/**
 * One keep-alive HTTPS agent per distinct `tls_config` (and per "target" or "foreign host" use):
 * jobs carry only file paths, so the files are read here once and again only when they change.
 */
export class TlsAgents {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxSockets: number,
    private readonly now: () => number = Date.now,
  ) {}

  agentFor(config: TlsFileConfig, foreignHost: boolean): https.Agent {
    const key = `${foreignHost ? 'foreign' : 'target'}\0${JSON.stringify(config)}`;
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && now - entry.checkedAt < RECHECK_MS) return entry.agent;
    const stamp = tlsFilesStamp(config);
    if (entry && entry.stamp === stamp) {
      entry.checkedAt = now;
      return entry.agent;
    }
    // Throws a ScrapeFailure('tls') naming an unreadable file; nothing is cached then.
    const agent = new https.Agent({ keepAlive: true, maxSockets: this.maxSockets, maxFreeSockets: this.maxSockets, ...buildTlsOptions(config, foreignHost) });
    if (entry) retire(entry.agent);
    this.entries.set(key, { agent, stamp, checkedAt: now });
    return agent;
  }

  destroy(): void {
    for (const entry of this.entries.values()) entry.agent.destroy();
    this.entries.clear();
  }
}

/** Closes an agent's idle sockets now and its busy ones when their scrape ends, never mid-request. */
function retire(agent: https.Agent): void {
  agent.keepSocketAlive = () => false;
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}
