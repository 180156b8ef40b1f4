import { readFile } from 'node:fs/promises';
import type { ReceiverConfig } from '@periskop/platform';
import type { NotificationJob } from '../notification.types';
import { alertmanagerAlerts } from './alertmanager-alerts';
import { slackMessage } from './slack-message';
import { webhookMessage } from './webhook-message';

export interface ReceiverRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Why an attempt failed, as the `reason` label says it; `permanent` ones are not retried. */
export class DeliveryFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** What to POST where for one message to one receiver. */
export async function receiverRequest(receiver: ReceiverConfig, job: NotificationJob, link: string, resolvedAtMs: number | null): Promise<ReceiverRequest> {
  const json = { 'content-type': 'application/json' };
  switch (receiver.kind) {
    case 'slack':
      return { url: receiver.webhookUrl ?? (await readSecretUrl(receiver.webhookUrlFile!)), headers: json, body: slackMessage(job, link) };
    case 'webhook':
      return { url: receiver.url, headers: { ...receiver.headers, ...json }, body: webhookMessage(job, link) };
    case 'alertmanager':
      return { url: `${receiver.url}/api/v2/alerts`, headers: json, body: alertmanagerAlerts(job, link, resolvedAtMs) };
  }
}

/** The file is read on every message, so a rotated secret is picked up without a restart. */
async function readSecretUrl(file: string): Promise<string> {
  try {
    const url = (await readFile(file, 'utf8')).trim();
    if (!/^https?:\/\//.test(url)) throw new Error('it does not hold an http(s) URL');
    return url;
  } catch (err) {
    // Retried: a secret is often mounted after the process starts.
    throw new DeliveryFailure('secret_unreadable', `webhook_url_file ${file}: ${(err as Error).message}`);
  }
}

/** POSTs the request; resolves on 2xx, throws a DeliveryFailure otherwise. */
export async function send(request: ReceiverRequest, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify(request.body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new DeliveryFailure('timeout', `no answer within ${timeoutMs} ms`);
    throw new DeliveryFailure('network', e.cause?.code ? `${e.cause.code}: ${e.message}` : e.message);
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  // 4xx other than 408/429 will not get better by retrying (a bad webhook URL, a refused payload).
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw new DeliveryFailure(`http_${response.status}`, `HTTP ${response.status}: ${text.slice(0, 200)}`, permanent);
}
