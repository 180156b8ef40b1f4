import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, HttpStatus, NotFoundException, Module } from '@nestjs/common';
import { BaseExceptionFilter, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { ErrorCollector } from './error-collector';
import { ErrorExporter } from './error-exporter';
import { PeriskopExceptionFilter } from './nest-exception-filter';

/** Each framework with a real server on loopback: the handler serves the export, errors are reported. */
describe('handler() and the NestJS filter, in real servers', () => {
  const listen = (server: Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  const close = (server: Server) => new Promise((r) => server.close(r));

  async function expectExport(url: string, collector: ErrorCollector) {
    const res = await fetch(`${url}/errors`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { target_uuid: string; aggregated_errors: Array<{ latest_errors: Array<{ http_context: { request_headers: Record<string, string> } }> }> };
    expect(body.target_uuid).toBe(collector.targetUuid);
    return body;
  }

  it('node:http', async () => {
    const collector = new ErrorCollector();
    const handler = new ErrorExporter(collector).handler();
    const server = createServer((req, res) => {
      if (req.url === '/errors') return handler(req, res);
      collector.report(new Error('boom'), { httpContext: req });
      res.writeHead(500).end();
    });
    const url = await listen(server);
    await fetch(`${url}/pay`, { headers: { Authorization: 'Bearer s3cret' } });
    const body = await expectExport(url, collector);
    expect(body.aggregated_errors[0].latest_errors[0].http_context).toMatchObject({ request_method: 'GET', request_url: '/pay', request_headers: { authorization: '[redacted]' } });
    await close(server);
  });

  it('Express', async () => {
    const express = require('express');
    const collector = new ErrorCollector();
    const app = express();
    app.get('/errors', new ErrorExporter(collector).handler());
    app.get('/fail', () => {
      throw new Error('express route failed');
    });
    app.use((err: Error, req: unknown, res: { status(n: number): { end(): void } }, _next: unknown) => {
      collector.report(err, { httpContext: req as never });
      res.status(500).end();
    });
    const server = createServer(app);
    const url = await listen(server);
    expect((await fetch(`${url}/fail?x=1`)).status).toBe(500);
    const body = await expectExport(url, collector);
    expect(body.aggregated_errors[0]).toMatchObject({ total_count: 1, latest_errors: [{ error: { message: 'express route failed' }, http_context: { request_url: '/fail?x=1' } }] });
    await close(server);
  });

  it('Fastify', async () => {
    const collector = new ErrorCollector();
    const app = Fastify();
    app.get('/errors', new ErrorExporter(collector).handler());
    app.setErrorHandler((err, request, reply) => {
      collector.report(err, { httpContext: request });
      void reply.code(500).send();
    });
    app.get('/fail', async () => {
      throw new Error('fastify route failed');
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await fetch(`${url}/fail`, { headers: { cookie: 'sid=1' } })).status).toBe(500);
    const body = await expectExport(url, collector);
    expect(body.aggregated_errors[0].latest_errors[0].http_context.request_headers.cookie).toBe('[redacted]');
    await app.close();
  });

  it('NestJS: reports server errors, not 4xx, and Nest still answers', async () => {
    @Controller()
    class Routes {
      @Get('fail')
      fail(): never {
        throw new Error('nest route failed');
      }

      @Get('missing')
      missing(): never {
        throw new NotFoundException('no such thing');
      }
    }
    @Module({ controllers: [Routes] })
    class AppModule {}

    const collector = new ErrorCollector();
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new PeriskopExceptionFilter(collector, { delegate: new BaseExceptionFilter(app.getHttpAdapter()) }));
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const failed = await fetch(`${url}/fail`);
    expect([failed.status, ((await failed.json()) as { message: string }).message]).toEqual([HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error']);
    expect((await fetch(`${url}/missing`)).status).toBe(404);
    const [aggregate, ...rest] = collector.snapshot().aggregated_errors;
    expect(rest).toEqual([]);
    expect(aggregate.latest_errors[0]).toMatchObject({ error: { message: 'nest route failed' }, http_context: { request_method: 'GET', request_url: '/fail' } });
    await app.close();
  });

  it('rethrows when it has no delegate', () => {
    const collector = new ErrorCollector();
    const filter = new PeriskopExceptionFilter(collector);
    const error = new Error('x');
    expect(() => filter.catch(error, { getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ method: 'GET', url: '/', headers: {} }) }) })).toThrow(error);
    expect(collector.snapshot().aggregated_errors[0].total_count).toBe(1);
  });
});
