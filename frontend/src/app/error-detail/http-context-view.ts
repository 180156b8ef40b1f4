import { ClipboardModule } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { HttpContext } from '@periskop/wire/payload';
import { buildCurl } from './curl';

/** The failing request: a curl to replay it, then method, URL, headers and body. */
@Component({
  selector: 'app-http-context-view',
  imports: [ClipboardModule, MatButtonModule, MatIconModule, MatTableModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="request-line">
      <span class="method">{{ http().request_method || 'GET' }}</span>
      <span class="url mono">{{ http().request_url }}</span>
    </div>

    <div class="label-row">
      <span class="label">curl</span>
      <button mat-stroked-button type="button" class="copy" [cdkCopyToClipboard]="curl()" (cdkCopyToClipboardCopied)="copied($event)"><mat-icon svgIcon="copy" />Copy curl</button>
    </div>
    <pre class="code curl">{{ curl() }}</pre>

    @if (headers().length) {
      <div class="label">Headers</div>
      <table mat-table [dataSource]="headers()" class="headers">
        <ng-container matColumnDef="name">
          <td mat-cell *matCellDef="let h" class="mono name">{{ h[0] }}</td>
        </ng-container>
        <ng-container matColumnDef="value">
          <td mat-cell *matCellDef="let h" class="mono value">{{ h[1] }}</td>
        </ng-container>
        <tr mat-row *matRowDef="let h; columns: ['name', 'value']"></tr>
      </table>
    }

    @if (http().request_body) {
      <div class="label">Body</div>
      <pre class="code">{{ http().request_body }}</pre>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .request-line {
      display: flex;
      gap: 8px;
      align-items: baseline;
      margin-bottom: 10px;
      overflow-wrap: anywhere;
    }
    .method {
      flex-shrink: 0;
      white-space: nowrap;
      font-weight: 700;
      font-size: 12px;
      padding: 1px 6px;
      border-radius: 4px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .url {
      font-size: 12.5px;
    }
    .label {
      font-size: 11px;
      font-weight: 650;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--mat-sys-on-surface-variant);
      margin: 12px 0 4px;
    }
    .label-row {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    .copy {
      --mat-button-outlined-container-height: 28px;
      font-size: 12px;
    }
    .copy mat-icon {
      width: 16px;
      height: 16px;
    }
    .curl {
      max-height: 240px;
    }
    table.headers {
      width: 100%;
      table-layout: fixed;
      border: 1px solid var(--card-border);
      border-radius: 6px;
    }
    .headers tr {
      height: 28px !important;
    }
    .name {
      width: 30%;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .value {
      overflow-wrap: anywhere;
    }
    td.mat-mdc-cell {
      font-size: 12px;
      padding: 3px 10px;
    }
  `,
})
export class HttpContextView {
  readonly http = input.required<HttpContext>();
  private readonly snackBar = inject(MatSnackBar);

  protected readonly curl = computed(() => buildCurl(this.http()));
  protected readonly headers = computed(() => Object.entries(this.http().request_headers ?? {}).sort(([a], [b]) => a.localeCompare(b)));

  protected copied(ok: boolean): void {
    this.snackBar.open(ok ? 'curl command copied' : 'Copying failed: select the text instead', undefined, {
      duration: 2000,
    });
  }
}
