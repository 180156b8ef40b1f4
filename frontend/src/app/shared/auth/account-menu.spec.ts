import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MeView } from '@periskop/wire/api';
import { AccountMenu } from './account-menu';

describe('AccountMenu', () => {
  function render(me: MeView): HTMLElement {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(AccountMenu);
    TestBed.inject(HttpTestingController).expectOne('api/me').flush(me);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }
  const buttons = (el: HTMLElement) => [...el.querySelectorAll('button')].map((b) => b.textContent!.trim());

  it('shows the signed-in person with their role and a Sign out button', () => {
    const el = render({ name: 'alice', via: 'session', role: 'resolver', can_resolve: true, sign_in: true });
    expect(el.querySelector('.name')!.textContent).toBe('alice');
    expect(el.querySelector('.role')!.textContent).toBe('resolver');
    expect(buttons(el)).toEqual(['Sign out']);
  });

  it('offers Sign in to an anonymous visitor where sign-in is configured', () => {
    const el = render({ name: 'anonymous', via: 'anonymous', role: 'viewer', can_resolve: false, sign_in: true });
    expect(buttons(el)).toEqual(['Sign in']);
  });

  it('offers neither without OIDC (tokens or a proxy decide who is who)', () => {
    expect(buttons(render({ name: 'anonymous', via: 'anonymous', role: 'resolver', can_resolve: true, sign_in: false }))).toEqual([]);
  });

  it('offers no Sign out to a user the proxy signed in', () => {
    expect(buttons(render({ name: 'carol', via: 'proxy', role: 'viewer', can_resolve: false, sign_in: true }))).toEqual([]);
  });
});
