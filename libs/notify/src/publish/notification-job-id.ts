import { createHash } from 'node:crypto';

/**
 * One id per (service, key, event, window): however many scrapers see the same event in the same
 * window, BullMQ keeps one job (adding an existing id is a no-op), so one message is sent. The
 * window is the route's repeat interval (the spike window for spikes). BullMQ ids may not
 * contain ':' or be all digits.
 */
export function notificationJobId(service: string, key: string, event: string, windowStartMs: number): string {
  return `n-${createHash('sha1').update(`${service}\0${key}\0${event}\0${windowStartMs}`).digest('hex').slice(0, 32)}`;
}

export function windowStart(nowMs: number, windowMs: number): number {
  return windowMs > 0 ? Math.floor(nowMs / windowMs) * windowMs : nowMs;
}
