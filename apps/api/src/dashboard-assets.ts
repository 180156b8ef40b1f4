import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The built Angular app: PERISKOP_UI_DIR, else frontend/dist/browser of this checkout. */
export function dashboardDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PERISKOP_UI_DIR) return resolve(env.PERISKOP_UI_DIR);
  // dist/apps/api/main.js in a build, apps/api/src in tests: both sit under the repository root.
  const candidates = [join(__dirname, '../../../frontend/dist/browser'), join(__dirname, '../../../../frontend/dist/browser')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/** Static dashboard at `/`, CORS for local UI development, and query validation. */
export function configureApi(app: NestFastifyApplication): void {
  const ui = dashboardDirectory();
  if (existsSync(join(ui, 'index.html'))) {
    app.useStaticAssets({ root: ui, prefix: '/', index: ['index.html'], wildcard: false });
  } else {
    new Logger('api').warn(`dashboard not found in ${ui}: run "npm run build" (the API works without it)`);
  }
  // As Periskop: only a UI served from localhost (development) may call the API cross-origin.
  app.enableCors({ origin: /^http:\/\/localhost:\d+$/, methods: ['GET', 'POST', 'PUT', 'DELETE'] });
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
}
