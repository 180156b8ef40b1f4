import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '@periskop/common';
import { AggregateReader, ServiceRegistry } from '@periskop/store';
import type { ErrorPage, ErrorSummary, InstancesView, ServiceSummary, TargetsView, TrendView } from '@periskop/wire';
import { IDENTITY, RequestWithIdentity, hasRole } from '@periskop/access';
import { forViewer, maskInstance } from './target-privacy';
import { ErrorsIndexService } from '../errors-index/errors-index.service';
import { DetailQueryDto, ErrorListQueryDto, KeyQueryDto, TrendQueryDto } from './dashboard-query.dto';
import { summarizeService } from './service-summary';
import { filterByLabels, parseLabelFilter } from './label-filter';
import { sortErrors } from '../errors-index/error-query';
import { ConfigHolder } from '@periskop/config';
import { knownBreakdownLabels } from './known-breakdown-labels';
import { contentEtag, etagMatches, etagVariant } from '../errors-index/content-etag';

/**
 * Endpoints beside Periskop's, for the dashboard: paged summaries instead of every key with
 * every sample, one key's detail, trends, per-instance counts and target health.
 */
@Controller('api')
@Access('viewer')
export class DashboardApiController {
  /** Serialized pages by the page read they came from (kept while ErrorsIndexService keeps the read). */
  private readonly serialized = new WeakMap<object, { body: string; etag: string }>();

  constructor(
    private readonly reader: AggregateReader,
    private readonly registry: ServiceRegistry,
    private readonly index: ErrorsIndexService,
    private readonly holder: ConfigHolder,
  ) {}

  @Get('services')
  async services(): Promise<ServiceSummary[]> {
    const names = await this.registry.list();
    const breakdownLabels = this.holder.current.aggregation.breakdownLabels;
    return Promise.all(
      names.map(async (name) => {
        const targets = await this.reader.targets(name);
        const summary = summarizeService(name, await this.index.totals(name), targets, await this.reader.keysRefused(name));
        return { ...summary, breakdown_labels: knownBreakdownLabels(targets, breakdownLabels) };
      }),
    );
  }

  /**
   * One page of a service's errors: a range read of the indexes the merge keeps, plus the page's
   * own keys, so a page costs the page and not the service. A search (`q`) or a label filter
   * scans the service's summaries instead (loaded once per version, see ErrorsIndexService).
   *
   * The ETag is derived from the page's content (items, total, refused keys): the dashboard polls
   * with If-None-Match and gets a bodiless 304 while its page is unchanged, even when other keys
   * of the service change many times a second — live updates that work through any load balancer,
   * with stateless API replicas, and whose cost does not grow with the service's activity.
   */
  @Get('services/:service/errors')
  async errors(@Param('service') service: string, @Query() query: ErrorListQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.requireService(service);
    const labels = parseLabelFilter(query.label);
    const now = Date.now();
    const filter = { sort: query.sort, order: query.order, status: query.status, severity: query.severity ?? null };
    let found: { version: string; keysRefused: number; total: number; items: ErrorSummary[] };
    if (labels || query.q) {
      const index = await this.index.index(service);
      let selected = await this.index.select(index, { ...filter, q: query.q ?? null });
      if (labels) {
        // Counts become those of the matching label values, so a count sort is redone on them.
        const breakdowns = await this.reader.breakdowns(
          service,
          selected.map((s) => s.aggregation_key),
        );
        selected = sortErrors(filterByLabels(selected, breakdowns, labels), query);
      }
      found = { version: index.version, keysRefused: await this.reader.keysRefused(service), total: selected.length, items: selected.slice(query.offset, query.offset + query.limit) };
    } else {
      found = await this.index.page(service, { ...filter, offset: query.offset, limit: query.limit });
    }
    let items = found.items;
    if (query.trend === '1' || query.trend === 'true') {
      // New objects: scanned summaries are shared by every request of this version.
      const trends = await this.reader.hourlyTrends(
        service,
        items.map((i) => i.aggregation_key),
        now,
      );
      items = items.map((item) => ({ ...item, trend: trends.get(item.aggregation_key) }));
    }
    // A page without sparklines is shared by every poll of its version: serialized once.
    const shared = items === found.items ? this.serialized.get(found) : undefined;
    const answer = shared ?? serializePage({ service, total: found.total, offset: query.offset, limit: query.limit, version: found.version, keys_refused: found.keysRefused, items });
    if (!shared && items === found.items) this.serialized.set(found, answer);
    if (etagMatches(request.headers['if-none-match'], answer.etag)) {
      void reply.status(304).header('ETag', answer.etag).send();
      return;
    }
    void reply.type('application/json; charset=utf-8').header('ETag', answer.etag).header('Cache-Control', 'no-cache').send(answer.body);
  }

  /**
   * Occurrences are stored as API JSON and spliced into the answer as they are, not re-parsed;
   * the answer is kept while the key's meta is unchanged (see ErrorsIndexService.detail), and its
   * ETag, derived from the answer, lets a poll get a bodiless 304.
   */
  @Get('services/:service/error')
  async error(@Param('service') service: string, @Query() query: DetailQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.requireService(service);
    // The breakdown's hourly trends move with the clock: the ETag names the hour beside the content.
    const now = Date.now();
    const answer = await this.index.detail(service, query.key, query.limit);
    if (answer === null) throw new NotFoundException(`service ${service} has no error with key ${JSON.stringify(query.key)}`);
    const etag = etagVariant(answer.etag, Math.floor(now / 3_600_000));
    if (etagMatches(request.headers['if-none-match'], etag)) {
      void reply.status(304).header('ETag', etag).send();
      return;
    }
    // Read apart from the body kept per key: its trend is anchored to the current hour.
    const { breakdown, firstSeenIn } = await this.reader.breakdownDetail(service, query.key, now);
    const body = `${answer.body.slice(0, -1)},"breakdown":${JSON.stringify(breakdown)},"first_seen_in":${JSON.stringify(firstSeenIn)}}`;
    void reply.type('application/json; charset=utf-8').header('ETag', etag).header('Cache-Control', 'no-cache').send(body);
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

/** The page's JSON and its ETag: of everything but the version, which moves with every change to any key of the service. */
function serializePage(page: ErrorPage): { body: string; etag: string } {
  return { body: JSON.stringify(page), etag: contentEtag(JSON.stringify([page.service, page.total, page.offset, page.limit, page.keys_refused, page.items])) };
}

function isAdmin(request: RequestWithIdentity): boolean {
  return hasRole(request[IDENTITY]?.role ?? null, 'admin');
}
