import { Controller, Delete, Get, Header, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access } from '@periskop/common';
import { NotificationPublisher } from '@periskop/notify';
import { AggregateReader, AggregateWriter, ResolutionLog, ServiceRegistry } from '@periskop/store';
import type { ApiTargets } from '@periskop/wire';
import { etagMatches } from '../errors-index/content-etag';
import { chooseEncoding, PeriskopFullList } from './periskop-full-list';
import { PeriskopMetrics } from '@periskop/telemetry';
import { IDENTITY, RequestWithIdentity } from '@periskop/access';

/**
 * Periskop's HTTP API, path for path and byte for byte where clients depend on it: the
 * Backstage plugin, alert links and scripts keep working against this server.
 */
@Controller()
@Access('viewer')
export class PeriskopApiController {
  constructor(
    private readonly reader: AggregateReader,
    private readonly registry: ServiceRegistry,
    private readonly writer: AggregateWriter,
    private readonly fullList: PeriskopFullList,
    private readonly metrics: PeriskopMetrics,
    private readonly notifications: NotificationPublisher,
    private readonly resolutions: ResolutionLog,
  ) {}

  @Get('services/')
  @Header('Content-Type', 'application/json')
  async services(): Promise<string> {
    return `${JSON.stringify(await this.registry.list())}\n`;
  }

  /**
   * Every unresolved aggregate with its newest 100 occurrences. Built once per service version
   * and shared by every request and API replica (see PeriskopFullList); gzip or br when the
   * client accepts them, and a bodiless 304 when its If-None-Match names the current answer.
   */
  @Get('services/:service/errors/')
  async errors(@Param('service') service: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.registry.has(service))) {
      this.metrics.applicationErrors.inc({ type: 'service_not_found' });
      return notFound(reply, service);
    }
    const list = await this.fullList.get(service);
    void reply.header('ETag', list.etag).header('Vary', 'Accept-Encoding');
    if (etagMatches(request.headers['if-none-match'], list.etag)) {
      void reply.status(304).send();
      return;
    }
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    const body = await list.body(encoding);
    if (encoding !== 'identity') void reply.header('Content-Encoding', encoding);
    void reply.type('application/json').send(body);
  }

  /**
   * Resolves a key. The key is everything between `errors/` and the final slash and may itself
   * contain slashes. 204 even for an unknown key of a known service, as Periskop answers.
   * CORS pre-flights (OPTIONS) never reach this handler, unlike in the original.
   */
  @Delete('services/:service/errors/*')
  @Access('resolver')
  async resolve(@Param('service') service: string, @Req() request: RequestWithIdentity, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.registry.has(service))) return notFound(reply, service);
    const key = resolveKeyFromPath(request.url);
    if (key) {
      // Recorded first: the resolve bumps the service's version, which renews the cached detail.
      await this.resolutions.record(service, key, request[IDENTITY]?.name ?? 'anonymous');
      if (await this.writer.resolve(service, key)) void this.notifications.resolved(service, key);
    }
    void reply.status(204).send();
  }

  @Get('targets/')
  @Header('Content-Type', 'application/json')
  async targets(): Promise<string> {
    const out: ApiTargets = {};
    for (const service of await this.registry.list()) {
      out[service] = (await this.reader.targets(service)).map((t) => ({ endpoint: t.endpoint }));
    }
    return `${JSON.stringify(out)}\n`;
  }
}

function notFound(reply: FastifyReply, service: string): void {
  void reply.status(404).type('text/plain; charset=utf-8').send(`service ${service} not found\n`);
}

/**
 * Reads the key from the raw URL rather than the router's parameter: the key may hold encoded
 * slashes (`%2F`), and it must be decoded exactly once.
 */
export function resolveKeyFromPath(url: string): string | null {
  const match = RESOLVE_PATH.exec(url.split('?')[0]);
  if (!match) return null;
  const raw = match[1].endsWith('/') ? match[1].slice(0, -1) : match[1];
  if (raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Service names hold no slash (the config refuses them), so the first segment is the service. */
const RESOLVE_PATH = /^\/services\/[^/]+\/errors\/(.*)$/;
