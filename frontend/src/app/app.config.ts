import { provideHttpClient, withFetch } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { MAT_TOOLTIP_DEFAULT_OPTIONS } from '@angular/material/tooltip';
import { UrlSerializer, provideRouter, withComponentInputBinding, withHashLocation } from '@angular/router';
import { routes } from './app.routes';
import { provideDashboardCharts } from './shared/charts/chart-setup';
import { provideIcons } from './shared/icons/icons';
import { KeySafeUrlSerializer } from './shared/routing/key-url-serializer';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // Hash routes: alert rules and the Backstage plugin link to /#/<service>/errors/<key>,
    // and the API serves index.html only at "/".
    provideRouter(routes, withHashLocation(), withComponentInputBinding()),
    { provide: UrlSerializer, useClass: KeySafeUrlSerializer },
    provideHttpClient(withFetch()),
    provideDashboardCharts(),
    provideIcons(),
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline', subscriptSizing: 'dynamic' } },
    { provide: MAT_TOOLTIP_DEFAULT_OPTIONS, useValue: { showDelay: 400 } },
  ],
};
