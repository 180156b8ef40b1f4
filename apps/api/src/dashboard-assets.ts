import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The built Angular app: `configured` (PERISKOP_UI_DIR) when set, else frontend/dist/browser of this checkout. */
export function dashboardDirectory(configured: string | null): string {
  if (configured) return resolve(configured);
  // dist/apps/api/main.js in a build, apps/api/src in tests: both sit under the repository root.
  const candidates = [join(__dirname, '../../../frontend/dist/browser'), join(__dirname, '../../../../frontend/dist/browser')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/** The static dashboard at `/`; the API works without it, so a missing build is only a warning. */
export function serveDashboard(app: NestFastifyApplication, ui: string): void {
  if (existsSync(join(ui, 'index.html'))) {
    app.useStaticAssets({ root: ui, prefix: '/', index: ['index.html'], wildcard: false });
  } else {
    new Logger('api').warn(`dashboard not found in ${ui}: run "npm run build" (the API works without it)`);
  }
}
