import { Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, UrlSerializer, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { errorDeepLink, errorDetailCommands, errorDetailMatcher } from './error-route';
import { KeySafeUrlSerializer, escapePathLiterals } from './key-url-serializer';

@Component({ selector: 'app-probe', template: '{{ service() }}|{{ key() }}' })
class Probe {
  readonly service = input.required<string>();
  readonly key = input.required<string>();
}

@Component({ selector: 'app-list-probe', template: 'list {{ service() }}' })
class ListProbe {
  readonly service = input.required<string>();
}

const KEYS = ['ValueError@a/b c', 'TypeError@render (app/views/cart.js:42)', 'KeyError@x;y=1', '50% failed', 'already%2Fencoded', 'q?x=1#frag&y', "weird !*'~ key", 'ünïcödé@ключ'];

describe('error key routing', () => {
  let harness: RouterTestingHarness;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { matcher: errorDetailMatcher, component: Probe },
            { path: ':service', component: ListProbe },
          ],
          withComponentInputBinding(),
        ),
        { provide: UrlSerializer, useClass: KeySafeUrlSerializer },
      ],
    });
    harness = await RouterTestingHarness.create();
    router = TestBed.inject(Router);
  });

  async function open(url: string): Promise<string> {
    await harness.navigateByUrl(url);
    return harness.routeNativeElement!.textContent!;
  }

  for (const key of KEYS) {
    it(`opens the deep link other tools build for ${JSON.stringify(key)}`, async () => {
      // What the Backstage plugin and alert templates put after the '#'.
      const link = errorDeepLink('http://periskop', 'checkout', key).split('#')[1];
      expect(await open(link)).toBe(`checkout|${key}`);
    });

    it(`serializes and parses ${JSON.stringify(key)} back to the same key, in one segment`, async () => {
      const url = router.serializeUrl(router.createUrlTree(errorDetailCommands('checkout', key)));
      expect(url.split('/')).toHaveLength(4);
      expect(await open(url)).toBe(`checkout|${key}`);
    });
  }

  it('decodes an encoded %2F once, inside the key', async () => {
    expect(await open('/checkout/errors/a%2Fb')).toBe('checkout|a/b');
    expect(await open('/checkout/errors/a%252Fb')).toBe('checkout|a%2Fb');
  });

  it('joins a raw, unencoded key with slashes back together', async () => {
    expect(await open('/checkout/errors/ValueError@a/b/c')).toBe('checkout|ValueError@a/b/c');
  });

  it('leaves the service list route alone', async () => {
    expect(await open('/checkout')).toBe('list checkout');
    expect(await open('/checkout?q=a(b)&sort=count')).toBe('list checkout');
    expect(router.parseUrl('/checkout?q=a(b)').queryParams['q']).toBe('a(b)');
  });
});

describe('escapePathLiterals', () => {
  it('escapes outlet and matrix syntax and lone % in the path only', () => {
    expect(escapePathLiterals('/s/errors/a(b);c%zz%41?q=(x)#f(g)')).toBe('/s/errors/a%28b%29%3Bc%25zz%41?q=(x)#f(g)');
  });

  it('is what the app provides as its UrlSerializer', () => {
    TestBed.configureTestingModule({ providers: [{ provide: UrlSerializer, useClass: KeySafeUrlSerializer }] });
    expect(TestBed.inject(UrlSerializer)).toBeInstanceOf(KeySafeUrlSerializer);
  });
});
