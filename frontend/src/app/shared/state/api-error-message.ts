import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ApiError } from '../http/api-error';
import { StateMessage } from './state-message';

/**
 * The standard message for a failed request. A 404 is left to the caller (only it knows what
 * was not found); this covers "API unreachable" and "server error".
 */
@Component({
  selector: 'app-api-error-message',
  imports: [StateMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error().kind === 'unreachable') {
      <app-state-message kind="error" title="The Periskop API is unreachable">
        Retrying every few seconds. Check that the API process is running and reachable from this browser{{ error().status ? ' (HTTP ' + error().status + ')' : '' }}.
      </app-state-message>
    } @else {
      <app-state-message kind="error" [title]="'The API answered HTTP ' + error().status">
        {{ error().detail || 'No details were given.' }} Retrying every few seconds; the API's log has the cause.
      </app-state-message>
    }
  `,
})
export class ApiErrorMessage {
  readonly error = input.required<ApiError>();
}
