import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { Access } from '@periskop/common';
import { ConfigHolder } from '@periskop/config';
import { DeliveryLog, routesOfService } from '@periskop/notify';
import { ServiceRegistry } from '@periskop/store';
import type { ServiceNotificationsView } from '@periskop/wire';

/**
 * Where a service's notifications go and how the last deliveries went, for its dashboard page.
 * Readable by viewers: routes and receivers' names, never their URLs or secrets.
 */
@Access('viewer')
@Controller('api')
export class NotificationsController {
  constructor(
    private readonly registry: ServiceRegistry,
    private readonly log: DeliveryLog,
    private readonly holder: ConfigHolder,
  ) {}

  @Get('services/:service/notifications')
  async notifications(@Param('service') service: string): Promise<ServiceNotificationsView> {
    if (!(await this.registry.has(service))) throw new NotFoundException(`service ${service} not found`);
    const settings = this.holder.current.notifications;
    const routes = routesOfService(settings, service).map((route) => ({
      receiver: route.receiver,
      kind: settings.receivers.find((r) => r.name === route.receiver)!.kind,
      events: route.events,
      severities: route.severities,
      repeat_interval_seconds: route.repeatIntervalMs / 1000,
    }));
    return { service, routes, deliveries: await this.log.latest(service, 20) };
  }
}
