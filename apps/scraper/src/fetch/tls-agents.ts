import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { TlsFileConfig } from '@periskop/config';
import { buildTlsOptions, isTlsError, TlsClientOptions, tlsFilesStamp } from './tls-options';

/** How often a config's files are checked for a change (a rotated certificate), at most. */
const RECHECK_MS = 10_000;

/** A keep-alive connection pool with the TLS options it was built from. */
export interface TlsTransport {
  dispatcher: Agent;
  options: TlsClientOptions;
}

interface Entry {
  transport: TlsTransport;
  stamp: string;
  checkedAt: number;
}

/** Keep-alive pools of at most `connections` sockets per origin, with the TLS options given. */
export function keepAliveAgent(connections: number, tls?: TlsClientOptions): Agent {
  const connect = buildConnector({ ...(tls ?? {}) } as buildConnector.BuildOptions);
  return new Agent({
    connections,
    pipelining: 1,
    connect: (options, callback) =>
      connect(options, (err, socket) => {
        if (socket) rememberTlsErrors(socket);
        (callback as (e: Error | null, s: typeof socket) => void)(err, socket);
      }),
  });
}

export interface SocketInfo {
  localAddress?: string;
  localPort?: number;
  remoteAddress?: string;
  remotePort?: number;
}

/**
 * A server that refuses the client certificate after a TLS 1.3 handshake sends an alert and
 * closes; undici reports that request as "other side closed", while the socket itself saw the
 * TLS error just before. Kept here briefly per socket, so the failure is reported as `tls`.
 */
const tlsErrors = new Map<string, Error>();
const socketKey = (s: SocketInfo) => `${s.localAddress}:${s.localPort}>${s.remoteAddress}:${s.remotePort}`;
const FORGET_TLS_ERROR_MS = 5_000;

function rememberTlsErrors(socket: Socket): void {
  const key = socketKey(socket);
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (isTlsError(err.code, err.message)) tlsErrors.set(key, err);
  });
  socket.once('close', () => {
    if (tlsErrors.has(key)) setTimeout(() => tlsErrors.delete(key), FORGET_TLS_ERROR_MS).unref();
  });
}

/** The TLS error the socket behind a failed request saw, if any. */
export function tlsErrorOf(socket: SocketInfo | undefined): Error | undefined {
  return socket ? tlsErrors.get(socketKey(socket)) : undefined;
}

/**
 * One keep-alive connection pool per distinct `tls_config` (and per "target" or "foreign host"
 * use): jobs carry only file paths, so the files are read here once and again only when they change.
 */
export class TlsAgents {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxSockets: number,
    private readonly now: () => number = Date.now,
  ) {}

  agentFor(config: TlsFileConfig, foreignHost: boolean): TlsTransport {
    const key = `${foreignHost ? 'foreign' : 'target'}\0${JSON.stringify(config)}`;
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && now - entry.checkedAt < RECHECK_MS) return entry.transport;
    const stamp = tlsFilesStamp(config);
    if (entry && entry.stamp === stamp) {
      entry.checkedAt = now;
      return entry.transport;
    }
    // Throws a ScrapeFailure('tls') naming an unreadable file; nothing is cached then.
    const options = buildTlsOptions(config, foreignHost);
    const transport = { dispatcher: keepAliveAgent(this.maxSockets, options), options };
    // The old pool closes its idle sockets now and its busy ones when their scrape ends, never mid-request.
    if (entry) void entry.transport.dispatcher.close().catch(() => undefined);
    this.entries.set(key, { transport, stamp, checkedAt: now });
    return transport;
  }

  destroy(): void {
    for (const entry of this.entries.values()) void entry.transport.dispatcher.destroy().catch(() => undefined);
    this.entries.clear();
  }
}
