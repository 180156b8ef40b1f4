import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Session } from './session';

/** The top bar's "who am I": the name and role, and Sign in / Sign out where sign-in exists. */
@Component({
  selector: 'app-account-menu',
  imports: [MatButtonModule, MatTooltipModule],
  template: `
    <span class="who" [matTooltip]="tooltip()">
      <span class="name">{{ session.me().name }}</span>
      @if (session.me().role; as role) {
        <span class="role">{{ role }}</span>
      }
    </span>
    @if (session.signInAvailable()) {
      @if (session.me().via === 'session') {
        <button mat-button type="button" class="sign-out" (click)="session.signOut()">Sign out</button>
      } @else if (session.me().via === 'anonymous') {
        <button mat-button type="button" class="sign-in" (click)="signIn()">Sign in</button>
      }
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 13px;
      color: var(--topbar-fg);
    }
    /* Material's text-button colour rule is .mat-mdc-button:not(:disabled); the top bar is dark. */
    .mat-mdc-button.sign-in,
    .mat-mdc-button.sign-out {
      color: var(--topbar-fg);
      --mat-button-text-horizontal-padding: 8px;
      min-width: 0;
    }
    .who {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .name {
      font-weight: 600;
      max-width: 16ch;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .role {
      padding: 1px 6px;
      border-radius: 8px;
      border: 1px solid currentColor;
      opacity: 0.8;
      font-size: 11px;
    }
    /* A phone's top bar has room for the control, not the name: the tooltip of the role still says who. */
    @media (max-width: 600px) {
      .who {
        display: none;
      }
      .mat-mdc-button.sign-in,
      .mat-mdc-button.sign-out {
        --mat-button-text-horizontal-padding: 2px;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountMenu {
  protected readonly session = inject(Session);
  private readonly document = inject(DOCUMENT);

  protected readonly tooltip = computed(() => {
    const me = this.session.me();
    const how = { anonymous: 'Not signed in', token: 'Bearer token', session: 'Signed in', proxy: 'Signed in through the proxy' }[me.via];
    return `${how}${me.role ? ` · role: ${me.role}` : ' · no role'}`;
  });

  /** A page navigation to the provider's login; it comes back to the page it started from. */
  protected signIn(): void {
    this.document.location.assign(this.session.signInUrl(this.document.location.hash || '#/'));
  }
}
