import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuthSettings } from '@periskop/config';
import { registerBrowserDefaults } from './auth/browser-defaults';

/** The built Angular app: PERISKOP_UI_DIR, else frontend/dist/browser of this checkout. */
export function dashboardDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PERISKOP_UI_DIR) return resolve(env.PERISKOP_UI_DIR);
  // dist/apps/api/main.js in a build, apps/api/src in tests: both sit under the repository root.
  const candidates = [join(__dirname, '../../../frontend/dist/browser'), join(__dirname, '../../../../frontend/dist/browser')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/** Security headers, CORS, rate limits and sessions, the static dashboard at `/`, and query validation. */
export async function configureApi(app: NestFastifyApplication, auth: AuthSettings): Promise<void> {
  await registerBrowserDefaults(app, auth);
  const ui = dashboardDirectory();
  if (existsSync(join(ui, 'index.html'))) {
    app.useStaticAssets({ root: ui, prefix: '/', index: ['index.html'], wildcard: false });
  } else {
    new Logger('api').warn(`dashboard not found in ${ui}: run "npm run build" (the API works without it)`);
  }
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
}
