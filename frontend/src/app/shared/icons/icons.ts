import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';

/*
 * The dashboard runs on machines without internet, so the Material Icons web font is not an
 * option. These few line icons are drawn here (24×24, stroke uses currentColor) and registered
 * as SVG literals. They are constants of this file, never data from the API, which is the only
 * reason bypassing the sanitizer is acceptable.
 */
const stroke = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" ` + `stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

const ICONS: Record<string, string> = {
  refresh: stroke('<path d="M20 11a8 8 0 1 0-2.3 5.7"/><path d="M20 4v7h-7"/>'),
  dark: stroke('<path d="M20 14.5A8 8 0 0 1 9.5 4a8 8 0 1 0 10.5 10.5z"/>'),
  light: stroke('<circle cx="12" cy="12" r="4"/><path d="M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>'),
  back: stroke('<path d="M19 12H5"/><path d="M11 6l-6 6 6 6"/>'),
  prev: stroke('<path d="M15 6l-6 6 6 6"/>'),
  next: stroke('<path d="M9 6l6 6-6 6"/>'),
  copy: stroke('<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2"/>'),
  link: stroke('<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>'),
  check: stroke('<path d="M5 12.5l4.5 4.5L19 7.5"/>'),
  search: stroke('<circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/>'),
  keyboard: stroke('<rect x="2.5" y="6" width="19" height="12" rx="2"/><path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10"/>'),
  sortDesc: stroke('<path d="M12 5v14"/><path d="M6 13l6 6 6-6"/>'),
  sortAsc: stroke('<path d="M12 19V5"/><path d="M6 11l6-6 6 6"/>'),
  targets: stroke('<circle cx="12" cy="12" r="8"/><circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3"/>'),
  services: stroke('<rect x="3" y="4" width="18" height="6" rx="1.5"/><rect x="3" y="14" width="18" height="6" rx="1.5"/><path d="M7 7h.01M7 17h.01"/>'),
  clear: stroke('<path d="M6 6l12 12M18 6L6 18"/>'),
  label: stroke('<path d="M3 12V4h8l10 10-8 8L3 12z"/><path d="M7.5 8h.01"/>'),
};

export function provideIcons(): EnvironmentProviders {
  return provideAppInitializer(() => {
    const registry = inject(MatIconRegistry);
    const sanitizer = inject(DomSanitizer);
    for (const [name, svg] of Object.entries(ICONS)) {
      registry.addSvgIconLiteral(name, sanitizer.bypassSecurityTrustHtml(svg));
    }
  });
}
