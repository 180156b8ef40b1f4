import {
  Cluster,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  Service,
  Task,
} from '@aws-sdk/client-ecs';
import type { DiscoveryOptions } from '../discoverer';
import { sanitizeLabelName } from '../label-names';
import { awsClientSettings, isAuthFailure } from '../internal/aws-config';
import { mapLimit } from '../internal/map-limit';
import { joinHostPort, providerTimeoutMs } from '../internal/provider-http';
import { RefreshDiscoverer } from '../internal/refresh-discoverer';
import type { Labels } from '../target-group';
import type { EcsSdConfig } from './ecs-sd-config';

const P = '__meta_ecs_';
export const ECS_LABELS = {
  cluster: `${P}cluster`,
  clusterArn: `${P}cluster_arn`,
  service: `${P}service`,
  serviceArn: `${P}service_arn`,
  serviceStatus: `${P}service_status`,
  taskGroup: `${P}task_group`,
  taskArn: `${P}task_arn`,
  taskDefinition: `${P}task_definition`,
  region: `${P}region`,
  availabilityZone: `${P}availability_zone`,
  subnetId: `${P}subnet_id`,
  ipAddress: `${P}ip_address`,
  launchType: `${P}launch_type`,
  desiredStatus: `${P}desired_status`,
  lastStatus: `${P}last_status`,
  healthStatus: `${P}health_status`,
  platformFamily: `${P}platform_family`,
  platformVersion: `${P}platform_version`,
  tagCluster: `${P}tag_cluster_`,
  tagService: `${P}tag_service_`,
  tagTask: `${P}tag_task_`,
} as const;

/** The API's batch limits: DescribeClusters and DescribeTasks take 100 names, DescribeServices 10. */
const CLUSTER_BATCH = 100;
const SERVICE_BATCH = 10;
const TASK_BATCH = 100;

/**
 * `ecs_sd_configs`: one target per task of every ECS service that has an ENI (awsvpc network
 * mode, so Fargate and awsvpc EC2 tasks) at `private IPv4:port`. Clusters are `clusters` or
 * every cluster in the region; services, then their tasks, are listed and described with at
 * most `request_concurrency` calls in flight, all through the AWS SDK v3 ECS client.
 */
export function createEcsDiscoverer(config: EcsSdConfig, options: DiscoveryOptions): RefreshDiscoverer {
  let client: ECSClient | null = null;
  return new RefreshDiscoverer({
    mechanism: 'ecs_sd_configs',
    intervalMs: config.refreshIntervalMs,
    onError: options.onError,
    refresh: async (signal) => {
      client ??= new ECSClient(awsClientSettings(config, options));
      const abortSignal = AbortSignal.any([signal, AbortSignal.timeout(providerTimeoutMs(config.refreshIntervalMs))]);
      try {
        return [{ source: config.region, targets: await ecsTargets(client, config, abortSignal), labels: {} }];
      } catch (err) {
        if (isAuthFailure(err)) client = null;
        throw new Error(`could not discover ECS tasks: ${(err as Error).message}`);
      }
    },
  });
}

async function ecsTargets(client: ECSClient, config: EcsSdConfig, abortSignal: AbortSignal): Promise<Labels[]> {
  const send = { abortSignal };
  const clusterArns =
    config.clusters.length > 0
      ? config.clusters
      : await paginate(
          (nextToken) => client.send(new ListClustersCommand({ nextToken }), send),
          (o) => o.clusterArns,
        );
  if (clusterArns.length === 0) return [];
  const clusters = new Map<string, Cluster>();
  for (const batch of batches(clusterArns, CLUSTER_BATCH)) {
    const out = await client.send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS'] }), send);
    for (const c of out.clusters ?? []) if (c.clusterArn) clusters.set(c.clusterArn, c);
  }
  const limit = config.requestConcurrency;
  const serviceArns = await mapLimit(clusterArns, limit, (cluster) =>
    paginate(
      (nextToken) => client.send(new ListServicesCommand({ cluster, nextToken }), send),
      (o) => o.serviceArns,
    ),
  );
  const serviceBatches = clusterArns.flatMap((cluster, i) => batches(serviceArns[i], SERVICE_BATCH).map((services) => ({ cluster, services })));
  const services = (
    await mapLimit(serviceBatches, limit, async (b) => (await client.send(new DescribeServicesCommand({ cluster: b.cluster, services: b.services, include: ['TAGS'] }), send)).services ?? [])
  ).flat();
  const taskArns = await mapLimit(services, limit, (s) =>
    paginate(
      (nextToken) => client.send(new ListTasksCommand({ cluster: s.clusterArn, serviceName: s.serviceName, nextToken }), send),
      (o) => o.taskArns,
    ),
  );
  const taskBatches = services.flatMap((service, i) => batches(taskArns[i], TASK_BATCH).map((tasks) => ({ service, tasks })));
  const described = await mapLimit(taskBatches, limit, async (b) => ({
    service: b.service,
    tasks: (await client.send(new DescribeTasksCommand({ cluster: b.service.clusterArn, tasks: b.tasks, include: ['TAGS'] }), send)).tasks ?? [],
  }));
  const targets: Labels[] = [];
  for (const { service, tasks } of described) {
    for (const task of tasks) {
      const t = taskLabels(task, service, clusters.get(service.clusterArn ?? ''), config);
      if (t) targets.push(t);
    }
  }
  return targets;
}

/** A task's labels, or null when it has no ENI with a private IPv4 address (bridge/host network mode). */
export function taskLabels(task: Task, service: Service, cluster: Cluster | undefined, config: Pick<EcsSdConfig, 'port' | 'region'>): Labels | null {
  const eni = task.attachments?.find((a) => a.type === 'ElasticNetworkInterface');
  const detail = (name: string) => eni?.details?.find((d) => d.name === name)?.value ?? '';
  const ip = detail('privateIPv4Address');
  if (!eni || ip === '') return null;
  const L = ECS_LABELS;
  const labels: Labels = {
    __address__: joinHostPort(ip, config.port),
    [L.clusterArn]: service.clusterArn ?? '',
    [L.service]: service.serviceName ?? '',
    [L.serviceArn]: service.serviceArn ?? '',
    [L.serviceStatus]: service.status ?? '',
    [L.taskGroup]: task.group ?? '',
    [L.taskArn]: task.taskArn ?? '',
    [L.taskDefinition]: task.taskDefinitionArn ?? '',
    [L.ipAddress]: ip,
    [L.subnetId]: detail('subnetId'),
    [L.region]: config.region,
    [L.launchType]: task.launchType ?? '',
    [L.availabilityZone]: task.availabilityZone ?? '',
    [L.desiredStatus]: task.desiredStatus ?? '',
    [L.lastStatus]: task.lastStatus ?? '',
    [L.healthStatus]: task.healthStatus ?? '',
  };
  if (task.platformFamily !== undefined) labels[L.platformFamily] = task.platformFamily;
  if (task.platformVersion !== undefined) labels[L.platformVersion] = task.platformVersion;
  if (cluster?.clusterName !== undefined) labels[L.cluster] = cluster.clusterName;
  addTags(labels, L.tagCluster, cluster?.tags);
  addTags(labels, L.tagService, service.tags);
  addTags(labels, L.tagTask, task.tags);
  // An empty value is the same as no label.
  for (const [k, v] of Object.entries(labels)) if (v === '') delete labels[k];
  return labels;
}

function addTags(labels: Labels, prefix: string, tags: Array<{ key?: string; value?: string }> | undefined): void {
  for (const t of tags ?? []) if (t.key !== undefined && t.value !== undefined) labels[prefix + sanitizeLabelName(t.key)] = t.value;
}

/** Follows `nextToken` to the end, collecting each page's items. */
async function paginate<O extends { nextToken?: string }>(call: (nextToken: string | undefined) => Promise<O>, items: (o: O) => string[] | undefined): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call(nextToken);
    out.push(...(items(page) ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return out;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
