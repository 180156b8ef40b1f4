import { captureHttpContext, REDACTED } from './http-context';

describe('captureHttpContext', () => {
  const request = {
    method: 'POST',
    url: '/pay?x=1',
    headers: { authorization: 'Bearer secret', cookie: 'sid=1', 'x-api-key': 'k', accept: ['a', 'b'], 'content-length': 3 as unknown as string, 'x-missing': undefined },
    body: { amount: 3 },
  };

  it('redacts Authorization, Cookie and configured headers, keeping their names', () => {
    const context = captureHttpContext(request, { redactHeaders: ['X-API-Key'] });
    expect(context).toEqual({
      request_method: 'POST',
      request_url: '/pay?x=1',
      request_headers: { authorization: REDACTED, cookie: REDACTED, 'x-api-key': REDACTED, accept: 'a, b', 'content-length': '3' },
      request_body: '{"amount":3}',
    });
    expect(JSON.stringify(context)).not.toMatch(/secret|sid=1/);
  });

  it('redacts a ready-made context too, in any case', () => {
    const context = captureHttpContext({ request_method: 'GET', request_url: '/', request_headers: { Authorization: 'x', Cookie: 'y', Accept: '*/*' }, request_body: null });
    expect(context.request_headers).toEqual({ Authorization: REDACTED, Cookie: REDACTED, Accept: '*/*' });
  });

  it("prefers Express's originalUrl, caps and can skip bodies", () => {
    expect(captureHttpContext({ method: 'GET', url: '/x', originalUrl: '/api/x', body: 'abcdef' }, { maxBodyLength: 3 })).toMatchObject({ request_url: '/api/x', request_body: 'abc' });
    expect(captureHttpContext({ body: 'abc' }, { captureBody: false }).request_body).toBeNull();
    expect(captureHttpContext({}).request_body).toBeNull();
  });
});
