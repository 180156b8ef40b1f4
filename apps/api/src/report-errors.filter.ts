import { ArgumentsHost, Catch, HttpException, Injectable, Logger } from '@nestjs/common';
import { BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PeriskopMetrics, SelfErrorCollector } from '@periskop/telemetry';

/** Unexpected API failures go into this server's own `/errors` (with the request) and metrics. */
@Catch()
@Injectable()
export class ReportErrorsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('api');

  constructor(
    private readonly selfErrors: SelfErrorCollector,
    private readonly metrics: PeriskopMetrics,
    adapterHost: HttpAdapterHost,
  ) {
    super(adapterHost.httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof HttpException) || exception.getStatus() >= 500) {
      const request = host.switchToHttp().getRequest<FastifyRequest>();
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${request.method} ${request.url}: ${error.message}`, error.stack);
      this.metrics.applicationErrors.inc({ type: 'get_errors' });
      this.selfErrors.report(error, {
        httpContext: {
          request_method: request.method,
          request_url: request.url,
          request_headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')])),
          request_body: '',
        },
      });
    }
    super.catch(exception, host);
  }
}
