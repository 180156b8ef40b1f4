import { hostname } from 'node:os';
import { formatDuration } from '@periskop/common';
import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { httpGet } from '../internal/http-request';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { KumaSdConfig } from './kuma-sd-config';

const P = '__meta_kuma_';
export const KUMA_LABELS = { mesh: `${P}mesh`, service: `${P}service`, dataplane: `${P}dataplane`, labelPrefix: `${P}label_` } as const;
export const KUMA_MADS_TYPE_URL = 'type.googleapis.com/kuma.observability.v1.MonitoringAssignment';

/** A MADS MonitoringAssignment in proto3 JSON, as the control plane answers. */
export interface MonitoringAssignment {
  '@type'?: string;
  mesh: string;
  service: string;
  labels?: Record<string, string>;
  targets?: Array<{ name: string; scheme: string; address: string; metricsPath: string; labels?: Record<string, string> }>;
}

/**
 * `kuma_sd_configs`: Kuma's monitoring assignment discovery service (MADS) over xDS REST-JSON:
 * POST a DiscoveryRequest to `<server>/v3/discovery:monitoringassignments`, remembering the
 * version and nonce so an unchanged view answers 304. Targets bring their own scheme, metrics
 * path and instance, as in Prometheus.
 */
export function createKumaDiscoverer(config: KumaSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  const endpoint = `${config.server}/v3/discovery:monitoringassignments?${new URLSearchParams({ 'fetch-timeout': formatDuration(config.fetchTimeoutMs) })}`;
  const clientId = config.clientId || hostname() || 'prometheus';
  let version = '';
  let nonce = '';
  return new RefreshDiscoverer({
    mechanism: 'kuma_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const body = JSON.stringify({ versionInfo: version, node: { id: clientId }, resourceNames: [], typeUrl: KUMA_MADS_TYPE_URL, responseNonce: nonce });
      const res = await httpGet(endpoint, {
        method: 'POST',
        body,
        headers: { 'User-Agent': 'Periskop', 'Content-Type': 'application/json', Accept: 'application/json' },
        client: config.client,
        signal,
        // The server may hold the request for fetch_timeout; allow 15 s on top, as Prometheus does.
        timeoutMs: config.fetchTimeoutMs + 15_000,
        maxBodyBytes: options.maxResponseBytes,
      });
      if (res.status === 304) return [];
      if (res.status !== 200) throw new Error(`non 200 status '${res.status}' response during xDS fetch`);
      const answer = JSON.parse(res.body) as { versionInfo?: string; nonce?: string; typeUrl?: string; resources?: MonitoringAssignment[] };
      if (answer.typeUrl && answer.typeUrl !== KUMA_MADS_TYPE_URL) throw new Error(`received invalid typeURL for Kuma MADS v1 Resource: ${answer.typeUrl}`);
      version = answer.versionInfo ?? '';
      nonce = answer.nonce ?? '';
      return [{ source: 'kuma', targets: (answer.resources ?? []).flatMap(assignmentTargets), labels: {} } satisfies TargetGroup];
    },
  });
}

function userLabels(labels: Record<string, string> | undefined): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels ?? {})) out[KUMA_LABELS.labelPrefix + sanitizeLabelName(k)] = v;
  return out;
}

function assignmentTargets(a: MonitoringAssignment): Labels[] {
  const common = { ...userLabels(a.labels), [KUMA_LABELS.mesh]: a.mesh, [KUMA_LABELS.service]: a.service };
  return (a.targets ?? []).map((t) => ({
    // Assignment labels win over a target's labels of the same name, as in Prometheus's Merge.
    ...userLabels(t.labels),
    ...common,
    [KUMA_LABELS.dataplane]: t.name,
    __address__: t.address,
    instance: t.name,
    __scheme__: t.scheme,
    __metrics_path__: t.metricsPath,
  }));
}
