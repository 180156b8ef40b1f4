import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { MeView } from '@periskop/wire/api';

/** Until `/api/me` answers (or when it cannot): nobody, allowed nothing beyond reading. */
const UNKNOWN: MeView = { name: 'anonymous', via: 'anonymous', role: null, can_resolve: false, sign_in: false };

/**
 * Who the dashboard acts for (`GET api/me`): a person signed in with OpenID Connect, a user the
 * proxy in front vouches for, or anonymous. Sign-in is a page navigation (the provider's login
 * page), sign-out a same-origin POST.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly current = signal<MeView>(UNKNOWN);

  readonly me = this.current.asReadonly();
  readonly signedIn = computed(() => this.current().via === 'session' || this.current().via === 'proxy');
  readonly canResolve = computed(() => this.current().can_resolve);
  /** Sign in / Sign out are offered only where sign-in is configured (`auth.oidc`). */
  readonly signInAvailable = computed(() => this.current().sign_in);

  constructor() {
    this.refresh();
  }

  refresh(): void {
    this.http.get<MeView>('api/me').subscribe({
      next: (me) => this.current.set(me),
      error: () => this.current.set(UNKNOWN),
    });
  }

  /** The sign-in URL that returns to `route` (a hash route such as `#/checkout`). */
  signInUrl(route: string): string {
    const back = route.startsWith('#/') ? route : '#/';
    return `auth/login?return_to=${encodeURIComponent(back)}`;
  }

  signOut(): void {
    this.http.post('auth/logout', null, { responseType: 'text' }).subscribe({
      next: () => this.refresh(),
      error: () => this.refresh(),
    });
  }
}

/** Why Resolve is not offered, in words for its tooltip; null when it is. */
export function resolveRefusal(me: MeView): string | null {
  if (me.can_resolve) return null;
  const who = me.via === 'anonymous' ? 'Anonymous visitors' : `${me.name} (${me.role ?? 'no role'})`;
  const hint = me.sign_in && me.via === 'anonymous' ? ': sign in as a resolver' : ': it needs the resolver role';
  return `${who} cannot resolve${hint}`;
}
