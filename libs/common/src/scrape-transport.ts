/**
 * `same_host`: only to the target's own host name (any port), never from https down to http;
 * `any`: anywhere; `none`: a redirect is a failed scrape. Nothing identifying (client
 * certificate, server name) is ever presented to another host.
 */
export type FollowRedirects = 'same_host' | 'any' | 'none';
export const FOLLOW_REDIRECTS: readonly FollowRedirects[] = ['same_host', 'any', 'none'];

/** Prometheus's `tls_config` by file; paths are absolute (relative ones resolve against the config file's folder). */
export interface TlsFileConfig {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}
