import { rmSync } from 'node:fs';
import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FollowRedirects, TlsFileConfig } from '@periskop/config';
import { makeTestCertificates } from '@periskop/test-harness';
import { ScrapeFailure } from './scrape-failure';
import { FetchOptions, TargetFetcher } from './target-fetcher';

/**
 * HTTPS targets and redirects against real servers on loopback, with a CA, server and client
 * certificates made for this run. 127.0.0.2 is "another host" (the whole 127/8 is loopback).
 */
describe('TargetFetcher: TLS and redirects', () => {
  const certs = makeTestCertificates();
  const fetcher = new TargetFetcher(4);
  const servers: Server[] = [];
  const body = (name: string) => JSON.stringify({ target_uuid: name, aggregated_errors: [] });
  /** Whether each server saw a client certificate, by server name. */
  const peerCerts = new Map<string, boolean>();

  const listen = async (server: Server, host: string): Promise<string> => {
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, host, r));
    return `${host}:${(server.address() as AddressInfo).port}`;
  };
  const tlsServer = (name: string, handler: (req: IncomingMessage, res: ServerResponse) => void, mutual: 'require' | 'ask' | 'no' = 'no') =>
    createHttpsServer(
      {
        cert: readFileSync(certs.serverCertFile),
        key: readFileSync(certs.serverKeyFile),
        ca: readFileSync(certs.caFile),
        requestCert: mutual !== 'no',
        rejectUnauthorized: mutual === 'require',
      },
      (req, res) => {
        peerCerts.set(name, Object.keys((req.socket as TLSSocket).getPeerCertificate() ?? {}).length > 0);
        handler(req, res);
      },
    );

  let plain: string; // https, our CA, no client certificate needed
  let mutual: string; // https, client certificate required
  let other: string; // https on 127.0.0.2, asks for (but does not need) a client certificate
  let otherHttp: string; // http on 127.0.0.2
  let redirector: string; // http on 127.0.0.1
  let mutualRedirector: string; // https on 127.0.0.1 with client certificate, redirecting to `other`

  beforeAll(async () => {
    plain = await listen(
      tlsServer('plain', (_req, res) => res.end(body('plain'))),
      '127.0.0.1',
    );
    mutual = await listen(
      tlsServer('mutual', (_req, res) => res.end(body('mutual')), 'require'),
      '127.0.0.1',
    );
    other = await listen(
      tlsServer('other', (_req, res) => res.end(body('other')), 'ask'),
      '127.0.0.2',
    );
    otherHttp = await listen(
      createHttpServer((_req, res) => res.end(body('other-http'))),
      '127.0.0.2',
    );
    redirector = await listen(
      createHttpServer((req, res) => {
        if (req.url === '/ok') return res.end(body('redirector'));
        if (req.url === '/loop') return res.writeHead(301, { Location: '/loop' }).end();
        const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
        res.writeHead(302, { Location: to ?? '/ok' }).end();
      }),
      '127.0.0.1',
    );
    mutualRedirector = await listen(
      tlsServer('mutual-redirector', (_req, res) => res.writeHead(307, { Location: `https://${other}/errors` }).end(), 'require'),
      '127.0.0.1',
    );
  });

  afterAll(async () => {
    fetcher.close();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(certs.dir, { recursive: true, force: true });
  });

  const options = (tls: TlsFileConfig | null, followRedirects?: FollowRedirects): FetchOptions => ({ timeoutMs: 5000, maxResponseBytes: 65536, tls, followRedirects });
  const failureOf = async (url: string, opts: FetchOptions): Promise<ScrapeFailure> => {
    try {
      await fetcher.fetch(url, opts);
    } catch (err) {
      return err as ScrapeFailure;
    }
    throw new Error(`expected ${url} to fail`);
  };
  const uuidOf = async (url: string, opts: FetchOptions) => JSON.parse(await fetcher.fetch(url, opts)).target_uuid;

  describe('tls_config', () => {
    it('refuses a certificate no known CA signed, and trusts it with ca_file', async () => {
      const failure = await failureOf(`https://${plain}/errors`, options(null));
      expect([failure.reason, failure.message]).toEqual(['tls', expect.stringMatching(/certificate/i)]);
      expect(await uuidOf(`https://${plain}/errors`, options({ caFile: certs.caFile }))).toBe('plain');
    });

    it('accepts any certificate with insecure_skip_verify', async () => {
      expect(await uuidOf(`https://${plain}/errors`, options({ insecureSkipVerify: true }))).toBe('plain');
    });

    it('checks the certificate against server_name instead of the address', async () => {
      expect(await uuidOf(`https://${plain}/errors`, options({ caFile: certs.caFile, serverName: 'localhost' }))).toBe('plain');
      const failure = await failureOf(`https://${plain}/errors`, options({ caFile: certs.caFile, serverName: 'periskop.example' }));
      expect([failure.reason, failure.message]).toEqual(['tls', expect.stringMatching(/periskop\.example/)]);
    });

    it('presents cert_file/key_file to a target that requires a client certificate', async () => {
      const without = await failureOf(`https://${mutual}/errors`, options({ caFile: certs.caFile }));
      expect(without.reason).toBe('tls');
      const tls = { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile };
      expect(await uuidOf(`https://${mutual}/errors`, options(tls))).toBe('mutual');
      expect(peerCerts.get('mutual')).toBe(true);
    });

    it('names an unreadable file as a tls failure', async () => {
      const failure = await failureOf(`https://${plain}/errors`, options({ caFile: `${certs.dir}/missing.pem` }));
      expect([failure.reason, failure.message]).toEqual(['tls', `cannot read tls_config.ca_file ${certs.dir}/missing.pem: ENOENT`]);
    });
  });

  describe('follow_redirects', () => {
    const toOther = () => `http://${redirector}/errors?to=${encodeURIComponent(`http://${otherHttp}/errors`)}`;

    it('same_host (the default) follows a redirect on the same host and refuses another host', async () => {
      expect(await uuidOf(`http://${redirector}/errors`, options(null))).toBe('redirector');
      const failure = await failureOf(toOther(), options(null));
      expect([failure.reason, failure.message]).toEqual(['redirect', expect.stringMatching(/^redirect to another host refused \(scraper\.follow_redirects: same_host\)/)]);
      expect((await failureOf(toOther(), options(null, 'same_host'))).reason).toBe('redirect');
    });

    it('any follows a redirect to another host', async () => {
      expect(await uuidOf(toOther(), options(null, 'any'))).toBe('other-http');
    });

    it('none refuses every redirect', async () => {
      const failure = await failureOf(`http://${redirector}/errors`, options(null, 'none'));
      expect([failure.reason, failure.message]).toEqual(['redirect', expect.stringMatching(/^redirect refused \(scraper\.follow_redirects: none\)/)]);
    });

    it('never presents the client certificate to the host a redirect names', async () => {
      const tls = { caFile: certs.caFile, certFile: certs.clientCertFile, keyFile: certs.clientKeyFile };
      expect(await uuidOf(`https://${mutualRedirector}/errors`, options(tls, 'any'))).toBe('other');
      expect([peerCerts.get('mutual-redirector'), peerCerts.get('other')]).toEqual([true, false]);
    });

    it('stops after 3 hops', async () => {
      const failure = await failureOf(`http://${redirector}/loop`, options(null));
      expect([failure.reason, failure.message]).toEqual(['redirect', expect.stringMatching(/^more than 3 redirects/)]);
    });
  });
});
