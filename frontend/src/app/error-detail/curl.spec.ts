import { HttpContext } from '@periskop/wire/payload';
import { buildCurl, shellQuote } from './curl';

function ctx(over: Partial<HttpContext>): HttpContext {
  return { request_method: 'GET', request_url: 'https://x.test/a', request_headers: null, request_body: '', ...over };
}

describe('buildCurl', () => {
  it('is a plain curl of the URL for a GET without body', () => {
    expect(buildCurl(ctx({}))).toBe(`curl \\\n  'https://x.test/a'`);
  });

  it('spells out methods curl would not infer, adds headers and the raw body', () => {
    const cmd = buildCurl(
      ctx({
        request_method: 'put',
        request_headers: { 'Content-Type': 'application/json', 'Content-Length': '99' },
        request_body: '{"a":1}',
      }),
    );
    expect(cmd).toBe(['curl', "-X 'PUT'", "'https://x.test/a'", "-H 'Content-Type: application/json'", `--data-raw '{"a":1}'`].join(' \\\n  '));
    // A recorded Content-Length would be wrong as soon as someone edits the body.
    expect(cmd).not.toContain('Content-Length');
  });

  it('leaves out -X for POST with a body, which curl does by itself', () => {
    expect(buildCurl(ctx({ request_method: 'POST', request_body: 'x=1' }))).not.toContain('-X');
  });

  it('keeps hostile values inside single quotes', () => {
    const cmd = buildCurl(
      ctx({
        request_url: "https://x.test/?q=';rm -rf /;'",
        request_headers: { 'X-Name': "O'Brien $(id) `id`" },
        request_body: "it's",
      }),
    );
    expect(cmd).toContain(`'https://x.test/?q='\\'';rm -rf /;'\\'''`);
    expect(cmd).toContain(`-H 'X-Name: O'\\''Brien $(id) \`id\`'`);
    expect(cmd).toContain(`--data-raw 'it'\\''s'`);
  });

  it('rebuilds a full URL from a path and the Host header', () => {
    const cmd = buildCurl(ctx({ request_url: '/cart?id=1', request_headers: { Host: 'shop.test', 'X-Forwarded-Proto': 'https, http' } }));
    expect(cmd).toContain("'https://shop.test/cart?id=1'");
  });

  it('keeps a path as it is when there is no Host header', () => {
    expect(buildCurl(ctx({ request_url: '/cart' }))).toContain("'/cart'");
  });
});

describe('shellQuote', () => {
  it('round-trips through a POSIX shell’s single-quote rules', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});
