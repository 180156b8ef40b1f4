import { AsyncLocalStorage } from 'node:async_hooks';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { HEALTH_CHECK, ProbeHealthCheck } from './health-check';
import { TelemetryModule } from './telemetry.module';

@Controller()
class WorkController {
  @Get('work')
  work(): string {
    return 'done';
  }

  @Get('services/:service/errors')
  errors(@Param('service') service: string): string {
    return service;
  }
}

@Module({
  imports: [TelemetryModule.forApp({ app: 'scraper', logLevel: 'silent', healthCheck: { provide: HEALTH_CHECK, useValue: new ProbeHealthCheck({}) } })],
  controllers: [WorkController],
})
class TelemetryOnlyApp {}

describe('request logging', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TelemetryOnlyApp, new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  it('stays out of the telemetry routes: polling them never turns on async context tracking', async () => {
    const contexts = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    for (const url of ['/-/health', '/-/ready', '/metrics', '/metrics/', '/metrics?name[]=x', '/errors']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    expect(contexts).not.toHaveBeenCalled();
  });

  it("binds every other request's logger, the Periskop API's /services/:s/errors included", async () => {
    const contexts = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    expect((await app.inject({ method: 'GET', url: '/work' })).body).toBe('done');
    expect((await app.inject({ method: 'GET', url: '/services/checkout/errors' })).body).toBe('checkout');
    expect(contexts).toHaveBeenCalledTimes(2);
  });
});
