import { DEFAULT_PAYLOAD_LIMITS, normalizePayload, redactedHeaderList, redactHeaders, REDACTED } from '@periskop/wire';

const withHeaders = (headers: Record<string, unknown>) => ({
  aggregated_errors: [
    {
      aggregation_key: 'k',
      total_count: 1,
      severity: 'error',
      latest_errors: [
        {
          error: { class: 'E', message: 'm', stacktrace: [], cause: null },
          uuid: 'u1',
          timestamp: '2026-11-25T12:00:00Z',
          severity: 'error',
          http_context: { request_method: 'GET', request_url: 'http://svc/x', request_headers: headers, request_body: '' },
        },
      ],
    },
  ],
});

const storedHeaders = (headers: Record<string, unknown>, limits = DEFAULT_PAYLOAD_LIMITS) =>
  JSON.parse(normalizePayload(withHeaders(headers), 0, limits).aggregates[0].occurrences[0].json).http_context.request_headers;

describe('header redaction', () => {
  it('stores secrets of a scraped occurrence as [redacted], whatever their case', () => {
    expect(
      storedHeaders({
        Authorization: 'Bearer secret',
        cookie: 'session=abc',
        'SET-COOKIE': ['a=1', 'b=2'],
        'X-Consul-Token': 't',
        'Proxy-Authorization': 'Basic x',
        'x-api-key': 'k',
        Accept: '*/*',
      }),
    ).toEqual({
      Authorization: REDACTED,
      cookie: REDACTED,
      'SET-COOKIE': REDACTED,
      'X-Consul-Token': REDACTED,
      'Proxy-Authorization': REDACTED,
      'x-api-key': REDACTED,
      Accept: '*/*',
    });
  });

  it("redacts Rack's CGI names too (HTTP_AUTHORIZATION, HTTP_COOKIE)", () => {
    expect(storedHeaders({ HTTP_AUTHORIZATION: 'Bearer secret', HTTP_COOKIE: 'sid=1', HTTP_ACCEPT: 'text/html' })).toEqual({
      Authorization: REDACTED,
      Cookie: REDACTED,
      Accept: 'text/html',
    });
  });

  it('adds configured names to the defaults, never removes a default', () => {
    const limits = { ...DEFAULT_PAYLOAD_LIMITS, redactHeaders: redactedHeaderList(['X-Vault-Token']) };
    expect(storedHeaders({ 'x-vault-token': 'v', Authorization: 'Bearer secret', 'X-Trace': 't' }, limits)).toEqual({
      'x-vault-token': REDACTED,
      Authorization: REDACTED,
      'X-Trace': 't',
    });
    expect(redactedHeaderList(['Cookie', ' X-A '])).toEqual(['authorization', 'cookie', 'set-cookie', 'x-consul-token', 'proxy-authorization', 'x-api-key', 'x-a']);
  });

  it('redacts a header map the way the normalizer does', () => {
    expect(redactHeaders({ authorization: 'Bearer s', host: 'h' })).toEqual({ authorization: REDACTED, host: 'h' });
  });
});
