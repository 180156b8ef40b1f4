import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MeView } from '@periskop/wire/api';
import { Session, resolveRefusal } from './session';

describe('Session', () => {
  let session: Session;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    session = TestBed.inject(Session);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const alice: MeView = { name: 'alice', via: 'session', role: 'resolver', can_resolve: true, sign_in: true };

  it('asks api/me who it acts for, and allows nothing until it knows', () => {
    expect(session.canResolve()).toBe(false);
    http.expectOne('api/me').flush(alice);
    expect(session.me().name).toBe('alice');
    expect(session.signedIn()).toBe(true);
    expect(session.canResolve()).toBe(true);
    expect(session.signInAvailable()).toBe(true);
  });

  it('treats an API that refuses api/me (anonymous: none) as signed out, allowed nothing', () => {
    http.expectOne('api/me').flush('sign in', { status: 401, statusText: 'Unauthorized' });
    expect([session.signedIn(), session.canResolve(), session.me().name]).toEqual([false, false, 'anonymous']);
  });

  it('signs out with a POST, then asks again', () => {
    http.expectOne('api/me').flush(alice);
    session.signOut();
    const logout = http.expectOne('auth/logout');
    expect(logout.request.method).toBe('POST');
    logout.flush('', { status: 204, statusText: 'No Content' });
    http.expectOne('api/me').flush({ ...alice, name: 'anonymous', via: 'anonymous', role: 'viewer', can_resolve: false });
    expect(session.signedIn()).toBe(false);
  });

  it('builds a sign-in URL that returns only to a dashboard route', () => {
    expect(session.signInUrl('#/checkout/errors/a%2Fb')).toBe('auth/login?return_to=%23%2Fcheckout%2Ferrors%2Fa%252Fb');
    expect(session.signInUrl('https://evil.example')).toBe('auth/login?return_to=%23%2F');
    http.expectOne('api/me').flush(alice);
  });
});

describe('resolveRefusal', () => {
  const me = (over: Partial<MeView>): MeView => ({ name: 'anonymous', via: 'anonymous', role: 'viewer', can_resolve: false, sign_in: false, ...over });

  it('says nothing to a resolver', () => {
    expect(resolveRefusal(me({ role: 'resolver', can_resolve: true }))).toBeNull();
  });

  it('tells an anonymous viewer to sign in where sign-in exists', () => {
    expect(resolveRefusal(me({ sign_in: true }))).toBe('Anonymous visitors cannot resolve: sign in as a resolver');
    expect(resolveRefusal(me({}))).toBe('Anonymous visitors cannot resolve: it needs the resolver role');
  });

  it('names a signed-in viewer and their role', () => {
    expect(resolveRefusal(me({ name: 'bob', via: 'session', sign_in: true }))).toBe('bob (viewer) cannot resolve: it needs the resolver role');
  });
});
