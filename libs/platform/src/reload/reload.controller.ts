import { Controller, HttpCode, HttpException, HttpStatus, Post } from '@nestjs/common';
import { ConfigReloader } from './config-reloader';

/**
 * `POST /-/reload`, as Prometheus's: 200 with the loaded version, or 500 with every problem of
 * the file (the running config stays).
 */
@Controller()
export class ReloadController {
  constructor(private readonly reloader: ConfigReloader) {}

  @Post('-/reload')
  @HttpCode(HttpStatus.OK)
  async reload(): Promise<{ status: 'success'; version: string; changed: boolean }> {
    return answerReload(await this.reloader.reloadEverywhere());
  }
}

/** The reply to a reload request; a refused file is an error response listing its problems. */
export function answerReload(outcome: Awaited<ReturnType<ConfigReloader['reloadEverywhere']>>) {
  if (!outcome.ok) {
    throw new HttpException({ status: 'error', error: 'failed to reload config', version: outcome.version, problems: outcome.problems }, HttpStatus.INTERNAL_SERVER_ERROR);
  }
  return { status: 'success' as const, version: outcome.version, changed: outcome.changed };
}
