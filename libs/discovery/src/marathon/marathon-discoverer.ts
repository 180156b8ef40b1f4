import { readFileSync } from 'node:fs';
import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { httpGet, redactUrl } from '../internal/http-request';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels, TargetGroup } from '../target-group';
import type { MarathonSdConfig } from './marathon-sd-config';

const P = '__meta_marathon_';
export const MARATHON_LABELS = {
  app: `${P}app`,
  image: `${P}image`,
  portIndex: `${P}port_index`,
  task: `${P}task`,
  appLabelPrefix: `${P}app_label_`,
  portMappingLabelPrefix: `${P}port_mapping_label_`,
  portDefinitionLabelPrefix: `${P}port_definition_label_`,
} as const;

interface PortMapping {
  labels?: Record<string, string> | null;
  containerPort?: number;
  hostPort?: number;
}

export interface MarathonApp {
  id: string;
  tasks?: Array<{ id: string; host: string; ports?: number[] | null; ipAddresses?: Array<{ ipAddress: string; protocol: string }> | null }> | null;
  labels?: Record<string, string> | null;
  container?: { docker?: { image?: string; portMappings?: PortMapping[] | null }; portMappings?: PortMapping[] | null } | null;
  portDefinitions?: Array<{ labels?: Record<string, string> | null; port?: number }> | null;
  networks?: Array<{ name?: string; mode?: string }> | null;
  requirePorts?: boolean;
}

/**
 * `marathon_sd_configs`: one group per Marathon app (source = app ID), a target per task and
 * port, from `GET <server>/v2/apps/?embed=apps.tasks` on one of the servers picked at random.
 */
export function createMarathonDiscoverer(config: MarathonSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let last = new Set<string>();
  return new RefreshDiscoverer({
    mechanism: 'marathon_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      const url = `${config.servers[Math.floor(Math.random() * config.servers.length)]}/v2/apps/?embed=apps.tasks`;
      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'Periskop' };
      // DC/OS expects `token=<t>` rather than a Bearer credential; read fresh for rotation.
      const token = config.authTokenFile ? readFileSync(config.authTokenFile, 'utf8').trim() : config.authToken;
      if (token) headers.Authorization = `token=${token}`;
      const res = await httpGet(url, { client: config.client, headers, signal, timeoutMs: providerTimeoutMs(config.refreshIntervalMs), maxBodyBytes: options.maxResponseBytes });
      if (res.status < 200 || res.status >= 300) throw new Error(`non 2xx status '${res.status}' response during marathon service discovery`);
      let apps: MarathonApp[];
      try {
        apps = (JSON.parse(res.body) as { apps?: MarathonApp[] | null }).apps ?? [];
      } catch (err) {
        throw new Error(`${JSON.stringify(redactUrl(url))}: ${(err as Error).message}`);
      }
      const groups = apps.map(appGroup);
      const now = new Set(groups.map((g) => g.source));
      // Apps that disappeared get empty groups, which remove their targets.
      for (const source of last) if (!now.has(source)) groups.push({ source, targets: [], labels: {} });
      last = now;
      return groups;
    },
  });
}

export function appGroup(app: MarathonApp): TargetGroup {
  const labels: Labels = { [MARATHON_LABELS.app]: app.id, [MARATHON_LABELS.image]: app.container?.docker?.image ?? '' };
  for (const [k, v] of Object.entries(app.labels ?? {})) labels[MARATHON_LABELS.appLabelPrefix + sanitizeLabelName(k)] = v;
  return { source: app.id, targets: appTargets(app), labels };
}

function appTargets(app: MarathonApp): Labels[] {
  const containerNet = (app.networks ?? [])[0]?.mode === 'container';
  let ports: number[] = [];
  let portLabels: Array<Record<string, string> | null | undefined> = [];
  let prefix = '';
  const mappings = app.container?.portMappings?.length ? app.container.portMappings : app.container?.docker?.portMappings;
  if (mappings?.length) {
    // In a container network the container port is reachable; otherwise the host port.
    ports = mappings.map((m) => (containerNet ? (m.containerPort ?? 0) : (m.hostPort ?? 0)));
    portLabels = mappings.map((m) => m.labels);
    prefix = MARATHON_LABELS.portMappingLabelPrefix;
  } else if (app.portDefinitions?.length) {
    // Without requirePorts the definition's port is a service port: the task's port is used.
    ports = app.portDefinitions.map((d) => (app.requirePorts ? (d.port ?? 0) : 0));
    portLabels = app.portDefinitions.map((d) => d.labels);
    prefix = MARATHON_LABELS.portDefinitionLabelPrefix;
  }
  const targets: Labels[] = [];
  for (const task of app.tasks ?? []) {
    const taskPorts = task.ports ?? [];
    if (ports.length === 0 && taskPorts.length !== 0) ports = taskPorts;
    ports.forEach((configured, i) => {
      const port = configured === 0 && taskPorts.length === ports.length ? taskPorts[i] : configured;
      const host = containerNet && task.ipAddresses?.length ? task.ipAddresses[0].ipAddress : task.host;
      const target: Labels = { __address__: joinHostPort(host, port), [MARATHON_LABELS.task]: task.id, [MARATHON_LABELS.portIndex]: String(i) };
      for (const [k, v] of Object.entries(portLabels[i] ?? {})) target[prefix + sanitizeLabelName(k)] = v;
      targets.push(target);
    });
  }
  return targets;
}
