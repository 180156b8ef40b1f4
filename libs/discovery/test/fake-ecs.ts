import { FakeApi, SeenRequest } from './fake-api';

export interface EcsTestTask {
  arn: string;
  ip?: string;
  subnet?: string;
  tags?: Record<string, string>;
  platformVersion?: string;
}
export interface EcsTestService {
  name: string;
  tags?: Record<string, string>;
  tasks: EcsTestTask[];
}
export interface EcsTestCluster {
  name: string;
  tags?: Record<string, string>;
  services: EcsTestService[];
}

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const tags = (t: Record<string, string> | undefined) => Object.entries(t ?? {}).map(([key, value]) => ({ key, value }));
const clusterArn = (name: string) => `arn:aws:ecs:us-east-1:123456789012:cluster/${name}`;
const serviceArn = (cluster: string, name: string) => `arn:aws:ecs:us-east-1:123456789012:service/${cluster}/${name}`;

/**
 * A fake ECS API (AWS JSON 1.1, `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Action>`):
 * ListClusters / ListServices / ListTasks answer one item per page with `nextToken`;
 * DescribeClusters / DescribeServices / DescribeTasks answer the named items with their tags.
 */
export class FakeEcs extends FakeApi {
  clusters: EcsTestCluster[] = [];

  constructor() {
    super((req) => this.answer(req));
  }

  actions(name: string): Array<Record<string, unknown>> {
    return this.requests.filter((q) => q.headers['x-amz-target'] === TARGET_PREFIX + name).map((q) => JSON.parse(q.body || '{}'));
  }

  private answer(req: SeenRequest) {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (!target.startsWith(TARGET_PREFIX)) return undefined;
    const input = JSON.parse(req.body || '{}') as Record<string, unknown>;
    const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/x-amz-json-1.1' }, body });
    const page = <T>(items: T[], key: string) => {
      const start = Number(input.nextToken ?? 0);
      return json({ [key]: items.slice(start, start + 1), ...(start + 1 < items.length ? { nextToken: String(start + 1) } : {}) });
    };
    const cluster = (ref: unknown) => this.clusters.find((c) => c.name === ref || clusterArn(c.name) === ref);
    switch (target.slice(TARGET_PREFIX.length)) {
      case 'ListClusters':
        return page(
          this.clusters.map((c) => clusterArn(c.name)),
          'clusterArns',
        );
      case 'DescribeClusters':
        return json({
          clusters: (input.clusters as string[])
            .map(cluster)
            .filter((c) => c)
            .map((c) => ({ clusterArn: clusterArn(c!.name), clusterName: c!.name, status: 'ACTIVE', tags: tags(c!.tags) })),
          failures: [],
        });
      case 'ListServices':
        return page(
          (cluster(input.cluster)?.services ?? []).map((s) => serviceArn(cluster(input.cluster)!.name, s.name)),
          'serviceArns',
        );
      case 'DescribeServices': {
        const c = cluster(input.cluster)!;
        const services = c.services.filter((s) => (input.services as string[]).includes(serviceArn(c.name, s.name)));
        return json({
          services: services.map((s) => ({ serviceArn: serviceArn(c.name, s.name), serviceName: s.name, clusterArn: clusterArn(c.name), status: 'ACTIVE', tags: tags(s.tags) })),
          failures: [],
        });
      }
      case 'ListTasks':
        return page(
          (cluster(input.cluster)?.services.find((s) => s.name === input.serviceName)?.tasks ?? []).map((t) => t.arn),
          'taskArns',
        );
      case 'DescribeTasks': {
        const all = (cluster(input.cluster)?.services ?? []).flatMap((s) => s.tasks.map((t) => ({ s, t })));
        const tasks = all.filter(({ t }) => (input.tasks as string[]).includes(t.arn));
        return json({ tasks: tasks.map(({ s, t }) => taskJson(s, t)), failures: [] });
      }
    }
    return undefined;
  }
}

function taskJson(s: EcsTestService, t: EcsTestTask) {
  return {
    taskArn: t.arn,
    group: `service:${s.name}`,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:123456789012:task-definition/${s.name}:3`,
    launchType: 'FARGATE',
    availabilityZone: 'us-east-1a',
    desiredStatus: 'RUNNING',
    lastStatus: 'RUNNING',
    healthStatus: 'HEALTHY',
    platformFamily: 'Linux',
    ...(t.platformVersion ? { platformVersion: t.platformVersion } : {}),
    attachments: t.ip
      ? [
          {
            id: 'eni-att',
            type: 'ElasticNetworkInterface',
            status: 'ATTACHED',
            details: [
              { name: 'subnetId', value: t.subnet ?? 'subnet-1' },
              { name: 'networkInterfaceId', value: 'eni-1' },
              { name: 'privateIPv4Address', value: t.ip },
            ],
          },
        ]
      : [],
    tags: tags(t.tags),
  };
}
