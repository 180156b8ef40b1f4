import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { Access } from '@periskop/common';
import { answerReload, ConfigReloader } from '@periskop/platform';

/**
 * `POST /-/reload` on the API: reloads this replica's config and has every scheduler and API
 * replica follow (see ConfigReloader). 200 with the loaded version, or 500 with every problem of
 * the file while the running config stays. An operator's action: kept in a controller of its
 * own so that an access rule applies to it alone.
 */
@Access('admin')
@Controller()
export class ReloadController {
  constructor(private readonly reloader: ConfigReloader) {}

  @Post('-/reload')
  @HttpCode(HttpStatus.OK)
  async reload(): Promise<{ status: 'success'; version: string; changed: boolean }> {
    return answerReload(await this.reloader.reloadEverywhere());
  }
}
