import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigPathError } from '@periskop/common';
import { ConfigReader } from './config-reader';

/**
 * The part of Prometheus's `<http_config>` that SD mechanisms talking HTTP accept: credentials,
 * TLS and redirects. Keys Prometheus has but this project does not implement (oauth2, proxies,
 * http_headers) are refused rather than silently ignored.
 */
export interface HttpClientConfig {
  basicAuth: { username: string; password: string | null; passwordFile: string | null } | null;
  authorization: { type: string; credentials: string | null; credentialsFile: string | null } | null;
  tls: {
    caFile: string | null;
    certFile: string | null;
    keyFile: string | null;
    serverName: string | null;
    insecureSkipVerify: boolean;
    /** PEM given inline rather than as a file (a kubeconfig's `*-data` fields); wins over the file. */
    caPem?: string;
    certPem?: string;
    keyPem?: string;
  };
  followRedirects: boolean;
}

export const HTTP_CLIENT_KEYS = ['basic_auth', 'authorization', 'tls_config', 'follow_redirects', 'enable_http2'] as const;

export const DEFAULT_HTTP_CLIENT: HttpClientConfig = {
  basicAuth: null,
  authorization: null,
  tls: { caFile: null, certFile: null, keyFile: null, serverName: null, insecureSkipVerify: false },
  followRedirects: true,
};

/** Reads the http_config keys of `r`; relative file names resolve against `baseDir`. */
export function parseHttpClientConfig(r: ConfigReader, baseDir: string): HttpClientConfig {
  const file = (text: string) => (text === '' ? null : isAbsolute(text) ? text : resolve(baseDir, text));
  const basicAuth = r.has('basic_auth')
    ? r.nested('basic_auth', 'basic_auth', ['username', 'password', 'password_file'], (b) => {
        if (b.has('password') && b.has('password_file')) {
          throw new ConfigPathError([], 'at most one of basic_auth password & password_file must be configured');
        }
        return { username: b.string('username'), password: b.has('password') ? b.string('password') : null, passwordFile: file(b.string('password_file')) };
      })
    : null;
  const authorization = r.has('authorization')
    ? r.nested('authorization', 'authorization', ['type', 'credentials', 'credentials_file'], (a) => {
        const type = a.string('type', 'Bearer').trim() || 'Bearer';
        if (type.toLowerCase() === 'basic') throw new ConfigPathError(['type'], 'authorization type cannot be set to "basic", use "basic_auth" instead');
        if (a.has('credentials') && a.has('credentials_file')) {
          throw new ConfigPathError([], 'at most one of authorization credentials & credentials_file must be configured');
        }
        return { type, credentials: a.has('credentials') ? a.string('credentials') : null, credentialsFile: file(a.string('credentials_file')) };
      })
    : null;
  if (basicAuth && authorization) throw new ConfigPathError(['authorization'], 'at most one of basic_auth, oauth2 & authorization must be configured');
  const tls = r.has('tls_config')
    ? r.nested('tls_config', 'tls_config', ['ca_file', 'cert_file', 'key_file', 'server_name', 'insecure_skip_verify'], (t) => {
        const certFile = file(t.string('cert_file'));
        const keyFile = file(t.string('key_file'));
        if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigPathError([], 'exactly one of key or key_file must be configured when a client certificate is configured');
        return { caFile: file(t.string('ca_file')), certFile, keyFile, serverName: t.string('server_name') || null, insecureSkipVerify: t.bool('insecure_skip_verify', false) };
      })
    : DEFAULT_HTTP_CLIENT.tls;
  r.bool('enable_http2', true); // accepted for compatibility; requests use HTTP/1.1
  return { basicAuth, authorization, tls, followRedirects: r.bool('follow_redirects', true) };
}

/** The Authorization header, read fresh each time so rotated secret files are picked up. */
export function authorizationHeader(config: HttpClientConfig): string | null {
  if (config.basicAuth) {
    const { username, password, passwordFile } = config.basicAuth;
    const secret = passwordFile ? readFileSync(passwordFile, 'utf8').trim() : (password ?? '');
    return `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
  }
  if (config.authorization) {
    const { type, credentials, credentialsFile } = config.authorization;
    const secret = credentialsFile ? readFileSync(credentialsFile, 'utf8').trim() : (credentials ?? '');
    return `${type} ${secret}`;
  }
  return null;
}
