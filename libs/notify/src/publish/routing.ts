import type { NotificationEventKind, NotificationSettings, ReceiverConfig, RouteConfig } from '@periskop/platform';

const matches = (list: string[] | null, value: string) => list === null || list.includes(value);

/** The first route that matches the service, the severity and the event; null: nobody is told. */
export function routeFor(settings: NotificationSettings, service: string, severity: string, event: NotificationEventKind): RouteConfig | null {
  return settings.routes.find((r) => matches(r.services, service) && matches(r.severities, severity.toLowerCase()) && r.events.includes(event)) ?? null;
}

export function receiverNamed(settings: NotificationSettings, name: string): ReceiverConfig | null {
  return settings.receivers.find((r) => r.name === name) ?? null;
}

/** The routes that can send something for a service, in order (the dashboard shows them). */
export function routesOfService(settings: NotificationSettings, service: string): RouteConfig[] {
  return settings.routes.filter((r) => matches(r.services, service));
}

/** Whether any route can send spikes of this service (otherwise its trends are never read). */
export function routesSpikes(settings: NotificationSettings, service: string, severity: string): boolean {
  return settings.spike !== null && routeFor(settings, service, severity, 'spike') !== null;
}
