import { Injectable } from '@angular/core';
import { Params } from '@angular/router';

/**
 * The last filters and page used in each service's list, so "back" from an error returns to
 * the same view even when the error page was opened from an alert link in a new tab.
 */
@Injectable({ providedIn: 'root' })
export class ListMemory {
  private readonly byService = new Map<string, Params>();

  remember(service: string, params: Params): void {
    this.byService.set(service, params);
  }

  paramsFor(service: string): Params {
    return this.byService.get(service) ?? {};
  }
}
