import { readFileSync, statSync } from 'node:fs';
import type { TlsFileConfig } from '@periskop/config';
import { ScrapeFailure } from './scrape-failure';

/** What Node's TLS client takes, built from a `tls_config` (Prometheus's names, read from files). */
export interface TlsClientOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
  rejectUnauthorized: boolean;
}

const FILE_KEYS = [
  ['caFile', 'ca', 'ca_file'],
  ['certFile', 'cert', 'cert_file'],
  ['keyFile', 'key', 'key_file'],
] as const;

/**
 * Reads the files of a `tls_config`. `foreignHost`: the options for a host the target
 * redirected to — its CA and skip-verify still apply, but no client certificate and no server
 * name, which identify the scraper to the target only.
 */
export function buildTlsOptions(config: TlsFileConfig, foreignHost = false): TlsClientOptions {
  const options: TlsClientOptions = { rejectUnauthorized: config.insecureSkipVerify !== true };
  for (const [field, option, key] of FILE_KEYS) {
    const file = config[field];
    if (file === undefined || (foreignHost && option !== 'ca')) continue;
    options[option] = readTlsFile(file, key);
  }
  if (config.serverName && !foreignHost) options.servername = config.serverName;
  return options;
}

/** Modification stamps of a config's files: when one changes (a rotated certificate), its options are rebuilt. */
export function tlsFilesStamp(config: TlsFileConfig): string {
  return FILE_KEYS.map(([field]) => {
    const file = config[field];
    if (file === undefined) return '';
    try {
      const stat = statSync(file);
      return `${stat.mtimeMs}/${stat.size}`;
    } catch {
      return 'missing';
    }
  }).join('|');
}

function readTlsFile(file: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ScrapeFailure('tls', `cannot read tls_config.${key} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Node's and OpenSSL's codes for a failed TLS handshake or certificate check. */
export function isTlsError(code: string | undefined, message: string): boolean {
  if (code === undefined) return /certificate|ssl|tls/i.test(message) && !/socket hang up/.test(message);
  return (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code.includes('CERT') ||
    code === 'EPROTO' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  );
}
