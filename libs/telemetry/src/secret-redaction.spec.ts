import { Writable } from 'node:stream';
import pino from 'pino';
import { SelfErrorCollector } from './self-error-collector';
import { logRedactPaths } from './log-redaction';

describe('secrets in telemetry', () => {
  it("keeps deny-listed headers out of this server's own /errors", () => {
    const collector = new SelfErrorCollector(['authorization', 'cookie', 'x-vault-token']);
    collector.report(new Error('boom'), {
      httpContext: {
        request_method: 'GET',
        request_url: '/services/',
        request_headers: { authorization: 'Bearer secret', Cookie: 'sid=secret', 'X-Vault-Token': 'secret', accept: '*/*' },
        request_body: '',
      },
    });
    const [sample] = collector.export().aggregated_errors![0].latest_errors!;
    expect(sample.http_context!.request_headers).toEqual({ authorization: '[redacted]', Cookie: '[redacted]', 'X-Vault-Token': '[redacted]', accept: '*/*' });
  });

  it('gives pino paths that censor the headers of logged requests and responses', () => {
    let line = '';
    const out = new Writable({ write: (chunk, _enc, done) => ((line += chunk.toString()), done()) });
    const logger = pino({ redact: { paths: logRedactPaths(['authorization', 'set-cookie', 'X-Consul-Token']), censor: '[redacted]' } }, out);
    logger.info({
      req: { headers: { authorization: 'Bearer secret', 'x-consul-token': 'secret', host: 'h' } },
      res: { headers: { 'set-cookie': ['sid=secret'] } },
    });
    expect(line).not.toContain('secret');
    expect(JSON.parse(line)).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'x-consul-token': '[redacted]', host: 'h' } },
      res: { headers: { 'set-cookie': '[redacted]' } },
    });
  });
});
