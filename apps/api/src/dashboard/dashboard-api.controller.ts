import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '@periskop/common';
import { AggregateReader, ResolutionLog, ServiceRegistry, toErrorSummary } from '@periskop/store';
import type { ErrorDetailView, ErrorPage, InstancesView, ServiceSummary, TargetsView, TrendView } from '@periskop/wire';
import { IDENTITY, RequestWithIdentity, hasRole } from '@periskop/access';
import { forViewer, maskInstance } from './target-privacy';
import { ErrorsIndexService } from '../errors-index/errors-index.service';
import { DetailQueryDto, ErrorListQueryDto, KeyQueryDto, TrendQueryDto } from './dashboard-query.dto';
import { summarizeService } from './service-summary';
import { filterByLabels, parseLabelFilter } from './label-filter';
import { sortErrors } from '../errors-index/error-query';
import { ConfigHolder } from '@periskop/config';
import { knownBreakdownLabels } from './known-breakdown-labels';

/**
 * Endpoints beside Periskop's, for the dashboard: paged summaries instead of every key with
 * every sample, one key's detail, trends, per-instance counts and target health.
 */
@Controller('api')
@Access('viewer')
export class DashboardApiController {
  constructor(
    private readonly reader: AggregateReader,
    private readonly registry: ServiceRegistry,
    private readonly index: ErrorsIndexService,
    private readonly resolutions: ResolutionLog,
    private readonly holder: ConfigHolder,
  ) {}

  @Get('services')
  async services(): Promise<ServiceSummary[]> {
    const names = await this.registry.list();
    const breakdownLabels = this.holder.current.aggregation.breakdownLabels;
    return Promise.all(
      names.map(async (name) => {
        const targets = await this.reader.targets(name);
        const summary = summarizeService(name, await this.index.index(name), targets, await this.reader.keysRefused(name));
        return { ...summary, breakdown_labels: knownBreakdownLabels(targets, breakdownLabels) };
      }),
    );
  }

  /**
   * One page of a service's errors. The ETag is the service's version (and the hour, which moves
   * the sparklines): the dashboard polls with If-None-Match and gets a bodiless 304 while nothing
   * changed — live updates that work through any load balancer, with stateless API replicas.
   */
  @Get('services/:service/errors')
  async errors(
    @Param('service') service: string,
    @Query() query: ErrorListQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.requireService(service);
    const labels = parseLabelFilter(query.label);
    const index = await this.index.index(service);
    const now = Date.now();
    // Refused keys do not change the aggregates (nor the version), so their count is in the ETag.
    const keysRefused = await this.reader.keysRefused(service);
    const etag = `W/"${index.version}-${Math.floor(now / 3_600_000)}-${keysRefused}"`;
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304).header('ETag', etag).send();
      return;
    }
    let selected = await this.index.select(index, { sort: query.sort, order: query.order, status: query.status, severity: query.severity ?? null, q: query.q ?? null });
    if (labels) {
      // Counts become those of the matching label values, so a count sort is redone on them.
      const breakdowns = await this.reader.breakdowns(service, selected.map((s) => s.aggregation_key));
      selected = sortErrors(filterByLabels(selected, breakdowns, labels), query);
    }
    let items = selected.slice(query.offset, query.offset + query.limit);
    if (query.trend === '1' || query.trend === 'true') {
      // New objects: the selected summaries are shared by every request of this version.
      const trends = await this.reader.hourlyTrends(service, items.map((i) => i.aggregation_key), now);
      items = items.map((item) => ({ ...item, trend: trends.get(item.aggregation_key) }));
    }
    const page: ErrorPage = { service, total: selected.length, offset: query.offset, limit: query.limit, version: index.version, keys_refused: keysRefused, items };
    void reply.header('ETag', etag).header('Cache-Control', 'no-cache').send(page);
  }

  /**
   * Occurrences are stored as API JSON and spliced into the answer as they are, not re-parsed;
   * the answer is kept per service version, and its ETag lets a poll get a bodiless 304.
   */
  @Get('services/:service/error')
  async error(
    @Param('service') service: string,
    @Query() query: DetailQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.requireService(service);
    const index = await this.index.index(service);
    // The breakdown's hourly trends move with the clock, not only with the version.
    const now = Date.now();
    const etag = `W/"${index.version}-${Math.floor(now / 3_600_000)}"`;
    const body = await this.index.detail(index, query.key, query.limit, async () => {
      const [resolution, samples] = await Promise.all([this.resolutions.last(service, query.key), this.reader.samples(service, [query.key], query.limit)]);
      const head: Omit<ErrorDetailView, 'latest_errors'> = {
        ...toErrorSummary(query.key, index.metas.get(query.key)!, now),
        service,
        last_resolution: resolution && { by: resolution.by, at: Math.floor(resolution.at / 1000) },
      };
      return `${JSON.stringify(head).slice(0, -1)},"latest_errors":[${(samples.get(query.key) ?? []).join(',')}]}`;
    });
    if (body === null) throw new NotFoundException(`service ${service} has no error with key ${JSON.stringify(query.key)}`);
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304).header('ETag', etag).send();
      return;
    }
    // Read apart from the body kept per version: its trend is anchored to the current hour.
    const { breakdown, firstSeenIn } = await this.reader.breakdownDetail(service, query.key, now);
    const answer = `${body.slice(0, -1)},"breakdown":${JSON.stringify(breakdown)},"first_seen_in":${JSON.stringify(firstSeenIn)}}`;
    void reply.type('application/json; charset=utf-8').header('ETag', etag).header('Cache-Control', 'no-cache').send(answer);
  }

  @Get('services/:service/trend')
  async trend(@Param('service') service: string, @Query() query: TrendQueryDto): Promise<TrendView> {
    await this.requireService(service);
    const buckets = await this.reader.trend(service, query.key, query.resolution);
    return { service, aggregation_key: query.key, resolution: query.resolution, buckets };
  }

  @Get('services/:service/instances')
  async instances(@Param('service') service: string, @Query() query: KeyQueryDto, @Req() request: RequestWithIdentity): Promise<InstancesView> {
    await this.requireService(service);
    const instances = await this.reader.instances(service, query.key);
    return { service, aggregation_key: query.key, instances: isAdmin(request) ? instances : instances.map(maskInstance) };
  }

  /** Target labels and `target_uuid`s (enough to send payloads as a target) only for admins. */
  @Get('targets')
  async targets(@Req() request: RequestWithIdentity): Promise<TargetsView> {
    const out: TargetsView = {};
    const admin = isAdmin(request);
    for (const service of await this.registry.list()) {
      const targets = await this.reader.targets(service);
      out[service] = admin ? targets : targets.map(forViewer);
    }
    return out;
  }

  private async requireService(service: string): Promise<void> {
    if (!(await this.registry.has(service))) throw new NotFoundException(`service ${service} not found`);
  }
}

function isAdmin(request: RequestWithIdentity): boolean {
  return hasRole(request[IDENTITY]?.role ?? null, 'admin');
}
