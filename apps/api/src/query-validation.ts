import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Query and body DTOs are checked strictly: an unknown parameter is a 400 naming it, not ignored. */
export function validateRequests(app: NestFastifyApplication): void {
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
}
