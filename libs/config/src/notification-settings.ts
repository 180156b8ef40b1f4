import { isAbsolute, resolve } from 'node:path';
import { ConfigPath, parseDuration } from '@periskop/common';
import type { NotificationEventKind, NotificationSettings, ReceiverConfig, RouteConfig } from './config.types';
import { NOTIFICATION_EVENTS, NotificationsDto, ReceiverDto } from './notifications.dto';

/** Alertmanager's own default: a message repeats at most every 4 h unless a route says otherwise. */
export const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;
const DEFAULT_EXTERNAL_URL = 'http://localhost:8080';
const RECEIVER_KINDS = ['slack', 'webhook', 'alertmanager'] as const;

/**
 * The `notifications` block after class-validator checked its shape: the rules that span fields
 * (one kind per receiver, unique names, routes naming a known receiver) are reported here.
 */
export function notificationSettings(dto: NotificationsDto | undefined, baseDir: string, report: (path: ConfigPath, reason: string) => void): NotificationSettings {
  const at: ConfigPath = ['notifications'];
  const receivers: ReceiverConfig[] = [];
  const names = new Set<string>();
  (dto?.receivers ?? []).forEach((receiver, i) => {
    const path = [...at, 'receivers', i];
    if (!receiver || typeof receiver !== 'object') return;
    if (typeof receiver.name === 'string') {
      if (names.has(receiver.name)) report([...path, 'name'], `duplicate receiver name ${JSON.stringify(receiver.name)}`);
      names.add(receiver.name);
    }
    const parsed = receiverConfig(receiver, baseDir, path, report);
    if (parsed) receivers.push(parsed);
  });

  const routes: RouteConfig[] = [];
  (dto?.routes ?? []).forEach((route, i) => {
    if (!route || typeof route !== 'object') return;
    if (typeof route.receiver === 'string' && !names.has(route.receiver)) {
      const known = [...names].map((n) => JSON.stringify(n)).join(', ') || 'none';
      report([...at, 'routes', i, 'receiver'], `unknown receiver ${JSON.stringify(route.receiver)} (receivers: ${known})`);
    }
    routes.push({
      services: route.match?.services ?? null,
      severities: route.match?.severities?.map((s) => String(s).toLowerCase()) ?? null,
      events: (route.events ?? [...NOTIFICATION_EVENTS]) as NotificationEventKind[],
      receiver: route.receiver,
      repeatIntervalMs: durationOr(route.repeat_interval, DEFAULT_REPEAT_INTERVAL_MS),
    });
  });

  const spike = dto?.spike;
  return {
    externalUrl: (dto?.external_url ?? DEFAULT_EXTERNAL_URL).replace(/\/+$/, ''),
    receivers,
    routes,
    spike: spike ? { windowMs: durationOr(spike.window, 5 * 60_000), factor: spike.factor, minCount: spike.min_count } : null,
  };
}

function receiverConfig(dto: ReceiverDto, baseDir: string, path: ConfigPath, report: (path: ConfigPath, reason: string) => void): ReceiverConfig | null {
  const kinds = RECEIVER_KINDS.filter((kind) => dto[kind] !== undefined);
  if (kinds.length !== 1) {
    report(path, kinds.length === 0 ? `needs one of ${RECEIVER_KINDS.join(', ')}` : `has ${kinds.join(' and ')}: use one receiver kind per receiver`);
    return null;
  }
  const name = dto.name;
  if (dto.slack) {
    const { webhook_url: url, webhook_url_file: file } = dto.slack;
    if ((url === undefined) === (file === undefined)) {
      report([...path, 'slack'], 'needs exactly one of webhook_url, webhook_url_file');
      return null;
    }
    return { name, kind: 'slack', webhookUrl: url ?? null, webhookUrlFile: file === undefined ? null : isAbsolute(file) ? file : resolve(baseDir, file) };
  }
  if (dto.webhook) {
    const headers = dto.webhook.headers ?? {};
    for (const [header, value] of Object.entries(headers)) {
      if (typeof value !== 'string') report([...path, 'webhook', 'headers', header], `must be a string, got ${JSON.stringify(value)}`);
    }
    return { name, kind: 'webhook', url: dto.webhook.url, headers };
  }
  return { name, kind: 'alertmanager', url: String(dto.alertmanager!.url).replace(/\/+$/, '') };
}

function durationOr(text: string | undefined, fallback: number): number {
  try {
    return text === undefined ? fallback : parseDuration(text);
  } catch {
    return fallback; // already reported by class-validator
  }
}
