import type { FollowRedirects } from '@periskop/config';
import { decideRedirect } from './redirect-policy';

const ORIGIN = 'https://app.internal:8443/errors';

describe('decideRedirect', () => {
  it.each<[FollowRedirects, string, string, string | { foreignHost: boolean }]>([
    ['same_host', ORIGIN, 'https://app.internal:9443/errors', { foreignHost: false }],
    ['same_host', 'http://app.internal:80/errors', 'https://app.internal/errors', { foreignHost: false }],
    ['same_host', ORIGIN, 'https://other.internal/errors', 'redirect to another host refused (scraper.follow_redirects: same_host)'],
    ['same_host', ORIGIN, 'http://app.internal/errors', 'redirect from https to http refused (scraper.follow_redirects: same_host)'],
    ['any', ORIGIN, 'http://other.internal/errors', { foreignHost: true }],
    ['any', ORIGIN, 'https://APP.internal/x', { foreignHost: false }],
    ['none', ORIGIN, 'https://app.internal:8443/other', 'redirect refused (scraper.follow_redirects: none)'],
    ['any', ORIGIN, 'file:///etc/passwd', 'redirect to an unsupported scheme file:'],
  ])('%s: %s → %s', (policy, from, to, expected) => {
    const decision = decideRedirect(policy, new URL(ORIGIN), new URL(from), new URL(to), 0);
    expect(decision).toEqual(typeof expected === 'string' ? { follow: false, reason: expected } : { follow: true, ...expected });
  });

  it('compares hosts with the target, not the previous hop', () => {
    // A foreign hop under `any` that redirects again stays foreign; back home is home again.
    expect(decideRedirect('any', new URL(ORIGIN), new URL('https://b.internal/'), new URL('https://c.internal/'), 1)).toEqual({ follow: true, foreignHost: true });
    expect(decideRedirect('any', new URL(ORIGIN), new URL('https://b.internal/'), new URL('https://app.internal/'), 1)).toEqual({ follow: true, foreignHost: false });
  });

  it('refuses a fourth hop', () => {
    expect(decideRedirect('any', new URL(ORIGIN), new URL(ORIGIN), new URL(ORIGIN), 3)).toEqual({ follow: false, reason: 'more than 3 redirects' });
  });
});
