import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ExecutionContext, InternalServerErrorException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_POLICY } from '@periskop/common';
import { parseConfigText } from '@periskop/config';
import { ApiModule } from '../api.module';
import { AccessGuard, Authenticator } from '@periskop/access';

type Class = new (...args: never[]) => unknown;
interface ModuleLike {
  module?: Class;
  imports?: unknown[];
  controllers?: Class[];
}

const runtime = {
  configFile: '<test>',
  config: parseConfigText('services: []\n'),
  redisUrl: 'redis://127.0.0.1:1',
  redisClusterNodes: [],
  port: 0,
  watchConfig: false,
  logLevel: 'info',
  configPollMs: 2000,
  metricsCacheMs: 5000,
  dashboardDir: null,
  discovery: {},
};

/** Every controller the API mounts, found the way Nest finds them: through the module imports. */
function controllersOf(entry: unknown, seen = new Set<unknown>()): Class[] {
  if (!entry || seen.has(entry)) return [];
  seen.add(entry);
  const dynamic = entry as ModuleLike;
  const cls = (typeof entry === 'function' ? entry : dynamic.module) as Class | undefined;
  const staticControllers = cls ? ((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Class[] | undefined) ?? []) : [];
  const staticImports = cls ? ((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as unknown[] | undefined) ?? []) : [];
  return [...staticControllers, ...(dynamic.controllers ?? []), ...[...staticImports, ...(dynamic.imports ?? [])].flatMap((m) => controllersOf(m, seen))];
}

function routesOf(controller: Class): Array<{ route: string; handler: (...args: unknown[]) => unknown }> {
  const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string;
  return Object.getOwnPropertyNames(controller.prototype)
    .map((name) => (controller.prototype as Record<string, unknown>)[name])
    .filter((fn): fn is (...args: unknown[]) => unknown => typeof fn === 'function' && Reflect.getMetadata(METHOD_METADATA, fn) !== undefined)
    .map((handler) => ({
      route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${[prefix, Reflect.getMetadata(PATH_METADATA, handler)].filter((p) => p && p !== '/').join('/')}`,
      handler,
    }));
}

describe('route access policies', () => {
  const controllers = controllersOf(ApiModule.forRoot(runtime));
  const routes = controllers.flatMap((c) => routesOf(c).map((r) => ({ ...r, controller: c })));

  it('finds the routes of every controller the API mounts', () => {
    expect(controllers.map((c) => c.name)).toEqual(expect.arrayContaining(['PeriskopApiController', 'DashboardApiController', 'AuthController', 'TelemetryController']));
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(['DELETE /services/:service/errors/*', 'GET /metrics', 'GET /api/me']));
  });

  it('has a declared access policy on every route (a new route needs a decision)', () => {
    const undeclared = routes.filter((r) => !Reflect.getMetadata(ACCESS_POLICY, r.handler) && !Reflect.getMetadata(ACCESS_POLICY, r.controller)).map((r) => r.route);
    expect(undeclared).toEqual([]);
  });

  it('declares the roles the README promises', () => {
    const policy = Object.fromEntries(routes.map((r) => [r.route, Reflect.getMetadata(ACCESS_POLICY, r.handler) ?? Reflect.getMetadata(ACCESS_POLICY, r.controller)]));
    expect(policy).toMatchObject({
      'GET /services/': 'viewer',
      'GET /services/:service/errors/': 'viewer',
      'DELETE /services/:service/errors/*': 'resolver',
      'GET /targets/': 'viewer',
      'GET /api/targets': 'viewer',
      'GET /metrics': 'metrics',
      'GET /errors': 'viewer',
      'GET /-/health': 'public',
      'GET /api/me': 'public',
      'GET /auth/login': 'public',
    });
  });

  it('refuses a route without a declaration instead of serving it', () => {
    class Undeclared {
      handler() {}
    }
    const guard = new AccessGuard(new Reflector(), new Authenticator(runtime), runtime);
    const context = {
      getHandler: () => Undeclared.prototype.handler,
      getClass: () => Undeclared,
      switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => ({}) }),
    } as unknown as ExecutionContext;
    expect(() => guard.canActivate(context)).toThrow(InternalServerErrorException);
  });
});
