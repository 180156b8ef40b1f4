import { Routes } from '@angular/router';
import { errorDetailMatcher } from './shared/routing/error-route';

/** Periskop's hash routes, unchanged: `#/`, `#/targets`, `#/:service`, `#/:service/errors/:key`. */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Services · Periskop',
    loadComponent: () => import('./services/services-page').then((m) => m.ServicesPage),
  },
  {
    path: 'targets',
    title: 'Targets · Periskop',
    loadComponent: () => import('./targets/targets-page').then((m) => m.TargetsPage),
  },
  {
    matcher: errorDetailMatcher,
    loadComponent: () => import('./error-detail/error-detail-page').then((m) => m.ErrorDetailPage),
  },
  {
    path: ':service',
    loadComponent: () => import('./errors/errors-page').then((m) => m.ErrorsPage),
  },
  { path: '**', redirectTo: '' },
];
