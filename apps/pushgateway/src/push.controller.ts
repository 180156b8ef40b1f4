import { BadRequestException, Body, Controller, Get, Header, Headers, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { Access } from '@periskop/common';
import { PushState } from '@periskop/store/push-state';
import { normalizePayload, PayloadError, Refusal } from '@periskop/wire';
import { PeriskopMetrics } from '@periskop/telemetry';
import { renderPushedState, toPushedAggregates } from './pushed-aggregates';

export const JOB_HEADER = 'x-periskop-job';
const MAX_JOB_LENGTH = 256;

/**
 * periskop-pushgateway's surface: `POST /errors` takes a client export, `GET /-/errors` is what a
 * Periskop service scrapes. Unlike the original it counts exactly (growth per pushing job, not
 * re-counted samples), dedupes occurrences by uuid and forgets idle jobs and keys.
 */
@Controller()
export class PushController {
  constructor(
    private readonly state: PushState,
    @Inject(PeriskopMetrics) private readonly metrics: PeriskopMetrics,
  ) {}

  /** Changes what every scrape of this gateway reports: the resolver role, like resolving in the API. */
  @Post('errors')
  @Access('resolver')
  @HttpCode(200)
  async push(@Body() body: unknown, @Query('job') jobQuery?: string, @Headers(JOB_HEADER) jobHeader?: string): Promise<{ counted: number; refused: Refusal[] }> {
    const job = (jobQuery ?? jobHeader ?? '').trim();
    if (job.length > MAX_JOB_LENGTH) throw new BadRequestException(`job label is longer than ${MAX_JOB_LENGTH} characters`);
    const nowMs = Date.now();
    let payload;
    try {
      payload = normalizePayload(body ?? '', nowMs);
    } catch (err) {
      if (err instanceof PayloadError) throw new BadRequestException(`push refused: ${err.message}`);
      throw err;
    }
    const result = await this.state.push({ jobId: PushState.jobId(job, payload.targetUuid), aggregates: toPushedAggregates(payload.aggregates), nowMs });
    if (payload.refused.length > 0) this.metrics.refusedParts.inc({ service_name: 'pushgateway' }, payload.refused.length);
    return { counted: result.counted, refused: payload.refused };
  }

  /** Read like the API's errors (viewer; the default anonymous role reads, so scrapers need no token). */
  @Get('-/errors')
  @Access('viewer')
  @Header('Content-Type', 'application/json')
  async errors(): Promise<string> {
    return renderPushedState(await this.state.read(Date.now()));
  }
}
