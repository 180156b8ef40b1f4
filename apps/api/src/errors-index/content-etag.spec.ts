import { contentEtag, etagMatches, etagVariant } from './content-etag';
import { chooseEncoding } from '../periskop/periskop-full-list';

describe('content ETags', () => {
  it('follow the content: equal content, equal tag; any change, another', () => {
    expect(contentEtag('{"a":1}')).toBe(contentEtag(Buffer.from('{"a":1}')));
    expect(contentEtag('{"a":1}')).not.toBe(contentEtag('{"a":2}'));
    expect(contentEtag('x')).toMatch(/^W\/"[\w-]{22}"$/);
  });

  it('a variant stays a weak quoted tag, differs per variant, and matches only itself', () => {
    const tag = contentEtag('{"a":1}');
    expect(etagVariant(tag, 7)).toMatch(/^W\/"[\w-]{22}-7"$/);
    expect(etagVariant(tag, 7)).not.toBe(etagVariant(tag, 8));
    expect(etagMatches(etagVariant(tag, 7), etagVariant(tag, 7))).toBe(true);
    expect(etagMatches(tag, etagVariant(tag, 7))).toBe(false);
  });

  it.each([
    ['W/"abc"', true],
    ['"abc"', true],
    ['W/"x", W/"abc"', true],
    ['*', true],
    ['W/"abcd"', false],
    [undefined, false],
  ])('If-None-Match %s matches W/"abc": %s', (header, expected) => {
    expect(etagMatches(header, 'W/"abc"')).toBe(expected);
  });
});

describe('the full list’s encoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'gzip'],
    ['br', 'br'],
    ['br;q=1.0, gzip;q=0', 'br'],
    ['gzip;q=0', 'identity'],
    ['*', 'gzip'],
    ['deflate', 'identity'],
    [['br', 'gzip'], 'gzip'],
  ])('Accept-Encoding %j answers %s', (header, expected) => {
    expect(chooseEncoding(header as string | string[] | undefined)).toBe(expected);
  });
});
