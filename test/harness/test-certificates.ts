import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private CA and the certificates it signs, as PEM files in a temp dir. */
export interface TestCertificates {
  dir: string;
  caFile: string;
  /** For 127.0.0.1, 127.0.0.2 and localhost. */
  serverCertFile: string;
  serverKeyFile: string;
  /** A client certificate (extendedKeyUsage clientAuth) for mutual TLS. (The server certificate allows clientAuth too: Redis Cluster nodes present it to each other.) */
  clientCertFile: string;
  clientKeyFile: string;
}

/**
 * Made with the `openssl` CLI, fresh per test run (nothing secret is checked in): an EC CA, a
 * server certificate for the loopback addresses and a client certificate.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'periskop-certs-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', file(name));

  key('ca.key');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    file('ca.key'),
    '-subj',
    '/CN=Periskop Test CA',
    '-days',
    '2',
    '-out',
    file('ca.pem'),
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );

  const sign = (name: string, subject: string, extensions: string) => {
    key(`${name}.key`);
    openssl('req', '-new', '-key', file(`${name}.key`), '-subj', subject, '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`));
  };
  sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  sign('client', '/CN=periskop-scraper', 'extendedKeyUsage=clientAuth\n');

  return {
    dir,
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client.key'),
  };
}
